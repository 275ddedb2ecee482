/* global window */
// Development default; serve.mjs replaces this file with one built from GATEWAY_URL.
window.GARDA_CONFIG = window.GARDA_CONFIG || {};

import { WIDGET_MESSAGES } from './widget-messages';

/**
 * The embeddable web-chat widget, served as /webchat/widget.js. Plain ES2017 with no build step so
 * it runs on any customer site: `<script src="https://garda.example/webchat/widget.js" data-account="…">`.
 * It renders a pre-chat form (name, e-mail, topic), then the conversation; the session (id and
 * token) lives in localStorage so a reload resumes it, and history is fetched from the server.
 * It speaks Bahasa Indonesia or English (widget-messages.ts): `data-lang` on its tag, else the
 * page's `<html lang>`, else the visitor's browser languages, else English.
 * data-testid hooks are a stable contract for browser tests.
 */
const TEMPLATE = String.raw`(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var accountId = script.getAttribute('data-account');
  if (!accountId) { return; }
  var MESSAGES = __GARDA_WIDGET_MESSAGES__;
  var language = pickLanguage([script.getAttribute('data-lang'), document.documentElement.getAttribute('lang')].concat(navigator.languages || [navigator.language]));
  function pickLanguage(tags) {
    for (var i = 0; i < tags.length; i++) {
      var primary = String(tags[i] || '').trim().toLowerCase().split(/[-_]/)[0];
      if (primary === 'in') primary = 'id';
      if (Object.prototype.hasOwnProperty.call(MESSAGES, primary)) return primary;
    }
    return 'en';
  }
  function t(key, values) {
    var text = MESSAGES[language][key] || MESSAGES.en[key] || key;
    return text.replace(/\{(\w+)\}/g, function (whole, name) { return values && values[name] !== undefined ? String(values[name]) : whole; });
  }
  var base = new URL(script.src, location.href).origin;
  var storageKey = 'garda-chat:' + accountId;
  var api = base + '/webchat/' + encodeURIComponent(accountId);
  var shown = {};
  var socket = null;
  var session = load();

  function load() {
    try { return JSON.parse(localStorage.getItem(storageKey) || 'null'); } catch (e) { return null; }
  }
  function save(value) {
    try { value ? localStorage.setItem(storageKey, JSON.stringify(value)) : localStorage.removeItem(storageKey); } catch (e) { /* private mode */ }
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }
  function request(method, path, body, token) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(api + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) { var error = new Error(json.message || ('HTTP ' + response.status)); error.status = response.status; error.retryAfter = Number(response.headers.get('Retry-After')) || 0; throw error; }
        return json;
      });
    });
  }

  var style = el('style', { text: [
    '.garda-chat{position:fixed;right:20px;bottom:20px;width:320px;max-height:480px;display:flex;flex-direction:column;font:14px/1.4 system-ui,sans-serif;background:#fff;color:#1f2933;border:1px solid #cbd2d9;border-radius:10px;box-shadow:0 6px 24px rgba(0,0,0,.15);z-index:2147483000;overflow:hidden}',
    '.garda-chat__header{background:#2251cc;color:#fff;padding:10px 12px;font-weight:600}',
    '.garda-chat__body{padding:10px 12px;display:flex;flex-direction:column;gap:8px;overflow:auto;flex:1}',
    '.garda-chat input,.garda-chat select,.garda-chat textarea{font:inherit;padding:6px 8px;border:1px solid #cbd2d9;border-radius:6px;width:100%;box-sizing:border-box}',
    '.garda-chat button{font:inherit;padding:6px 12px;border:0;border-radius:6px;background:#2251cc;color:#fff;cursor:pointer}',
    '.garda-chat__messages{display:flex;flex-direction:column;gap:6px;min-height:160px}',
    '.garda-chat__message{max-width:80%;padding:6px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}',
    '.garda-chat__message[data-direction=inbound]{align-self:flex-end;background:#2251cc;color:#fff}',
    '.garda-chat__message[data-direction=outbound]{align-self:flex-start;background:#f0f4f8}',
    '.garda-chat__author{display:block;font-size:11px;color:#52606d;margin-bottom:2px}',
    '.garda-chat__typing{font-size:12px;color:#52606d;min-height:16px}',
    '.garda-chat__composer{display:flex;gap:6px;padding:8px;border-top:1px solid #e4e7eb}',
    '.garda-chat__error{color:#b42318;font-size:12px}',
    '.garda-chat__image{display:block;max-width:100%;max-height:160px;border-radius:6px;margin-top:4px}',
    '.garda-chat__file{display:block;margin-top:4px;color:inherit}',
    '.garda-chat__composer .garda-chat__attach{background:none;color:#2251cc;padding:6px;font-size:16px}'
  ].join('\n') });
  document.head.appendChild(style);

  var title = el('div', { 'class': 'garda-chat__header', text: t('title') });
  var body = el('div', { 'class': 'garda-chat__body' });
  var root = el('div', { 'class': 'garda-chat', 'data-testid': 'garda-chat', lang: language, 'data-lang': language }, [title, body]);
  var error = el('div', { 'class': 'garda-chat__error', role: 'alert' });
  function mount() { document.body.appendChild(root); }
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);

  function showError(message) { error.textContent = message || ''; }

  function renderForm(config) {
    body.innerHTML = '';
    var name = el('input', { 'data-testid': 'garda-chat-name', placeholder: t('namePlaceholder'), 'aria-label': t('namePlaceholder'), maxlength: '200', autocomplete: 'name' });
    var email = el('input', { 'data-testid': 'garda-chat-email', placeholder: t('emailPlaceholder'), 'aria-label': t('emailPlaceholder'), type: 'email', maxlength: '320', autocomplete: 'email' });
    var topic = el('select', { 'data-testid': 'garda-chat-topic', 'aria-label': t('topicLabel') });
    (config.topics || []).forEach(function (value) { topic.appendChild(el('option', { value: value, text: value })); });
    var start = el('button', { type: 'submit', 'data-testid': 'garda-chat-start', text: t('start') });
    var form = el('form', { 'class': 'garda-chat__body', novalidate: '' }, [
      el('div', { 'data-testid': 'garda-chat-greeting', text: config.greeting || t('greeting') }), name, email
    ]);
    if ((config.topics || []).length > 0) form.appendChild(topic);
    form.appendChild(start);
    form.appendChild(error);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      start.disabled = true;
      showError('');
      var answers = {};
      if (name.value.trim()) answers.name = name.value.trim();
      if (email.value.trim()) answers.email = email.value.trim();
      if ((config.topics || []).length > 0 && topic.value) answers.topic = topic.value;
      request('POST', '/sessions', answers).then(function (started) {
        session = { sessionId: started.sessionId, token: started.token, name: answers.name };
        save(session);
        renderChat([]);
      }, function (failure) {
        start.disabled = false;
        showError(failure.status === 400 ? t('checkEmail') : t('unavailable'));
      });
    });
    body.appendChild(form);
  }

  var list, typing, input;
  function addMessage(message) {
    if (!list || shown[message.messageId]) return;
    shown[message.messageId] = true;
    var node = el('div', { 'class': 'garda-chat__message', 'data-testid': 'garda-chat-message', 'data-direction': message.direction, 'data-message-id': message.messageId });
    if (message.direction === 'outbound' && message.authorName) node.appendChild(el('span', { 'class': 'garda-chat__author', 'data-testid': 'garda-chat-author', text: message.authorName }));
    if (message.text) node.appendChild(document.createTextNode(message.text));
    (message.attachments || []).forEach(function (file) { if (file.url) node.appendChild(renderFile(file)); });
    list.appendChild(node);
    body.scrollTop = body.scrollHeight;
  }

  // Images inline, other files as a download; links are signed for this session by the server.
  function renderFile(file) {
    var href = new URL(file.url, base).href;
    var name = file.filename || t('file');
    if (file.kind === 'image') {
      var image = el('img', { src: href, alt: name, 'class': 'garda-chat__image', 'data-testid': 'garda-chat-image' });
      return el('a', { href: href, target: '_blank', rel: 'noopener' }, [image]);
    }
    return el('a', { href: href, download: name, 'class': 'garda-chat__file', 'data-testid': 'garda-chat-file', text: '\ud83d\udcce ' + name });
  }

  // The file first (413 too large, 415 a refused type: nothing stored), then a message naming it.
  function sendFile(file) {
    var headers = { Authorization: 'Bearer ' + session.token, 'Content-Type': file.type || 'application/octet-stream', 'X-Filename': encodeURIComponent(file.name) };
    fetch(api + '/attachments', { method: 'POST', headers: headers, body: file }).then(function (response) {
      if (response.status === 401) { restart(); return; }
      if (!response.ok) {
        showError(response.status === 413 ? t('fileTooLarge', { name: file.name }) : response.status === 415 ? t('fileRefused', { name: file.name }) : t('fileFailed', { name: file.name }));
        return;
      }
      return response.json().then(function (stored) {
        showError('');
        postWithRetry({ clientMessageId: uuid(), text: '', attachments: [{ mediaId: stored.mediaId }] }, 0, [{ kind: stored.kind, filename: stored.filename, url: URL.createObjectURL(file) }]);
      });
    }, function () { showError(t('fileFailed', { name: file.name })); });
  }

  function renderChat(history) {
    body.innerHTML = '';
    shown = {};
    list = el('div', { 'class': 'garda-chat__messages', 'data-testid': 'garda-chat-messages', 'aria-live': 'polite' });
    typing = el('div', { 'class': 'garda-chat__typing', 'data-testid': 'garda-chat-typing' });
    body.appendChild(list);
    body.appendChild(typing);
    body.appendChild(error);
    history.forEach(addMessage);
    input = el('textarea', { 'data-testid': 'garda-chat-input', rows: '2', maxlength: '4000', placeholder: t('inputPlaceholder'), 'aria-label': t('inputLabel') });
    var send = el('button', { type: 'submit', 'data-testid': 'garda-chat-send', text: t('send') });
    var picker = el('input', { type: 'file', 'data-testid': 'garda-chat-file-input', hidden: '' });
    var attach = el('button', { type: 'button', 'class': 'garda-chat__attach', 'data-testid': 'garda-chat-attach', 'aria-label': t('attach'), title: t('attach'), text: '\ud83d\udcce' });
    attach.addEventListener('click', function () { picker.click(); });
    picker.addEventListener('change', function () {
      Array.prototype.forEach.call(picker.files || [], sendFile);
      picker.value = '';
    });
    var composer = el('form', { 'class': 'garda-chat__composer' }, [attach, picker, input, send]);
    // While the visitor types: "typing" at most every 2 s (the agent's indicator lapses without it), "stopped" after 3 s idle.
    var typingSentAt = 0, typingTimer = null;
    input.addEventListener('input', function () {
      if (!socket) return;
      var now = Date.now();
      if (now - typingSentAt >= 2000) { socket.emit('typing', { isTyping: true }); typingSentAt = now; }
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { socket.emit('typing', { isTyping: false }); typingSentAt = 0; }, 3000);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); composer.requestSubmit ? composer.requestSubmit() : submit(event); }
    });
    function submit(event) {
      event.preventDefault();
      var text = input.value;
      if (!text.trim()) return;
      input.value = '';
      postWithRetry({ clientMessageId: uuid(), text: text }, 0);
    }
    composer.addEventListener('submit', submit);
    root.appendChild(composer);
    connect();
  }

  // The same clientMessageId on every retry: the server accepts it once, however often it arrives.
  function postWithRetry(message, attempt, shownFiles) {
    request('POST', '/messages', message, session.token).then(function (accepted) {
      addMessage({ messageId: accepted.messageId, text: message.text, direction: 'inbound', createdAt: new Date().toISOString(), attachments: shownFiles });
      showError('');
    }, function (failure) {
      if (failure.status === 401) { restart(); return; }
      // A busy door (429 with Retry-After) is worth waiting for; the same message id makes the retry safe.
      if (failure.status === 429 && failure.retryAfter && attempt < 5) { setTimeout(function () { postWithRetry(message, attempt + 1, shownFiles); }, failure.retryAfter * 1000); return; }
      if (failure.status && failure.status < 500) { showError(t('sendRefused', { reason: failure.message })); return; }
      if (attempt < 5) setTimeout(function () { postWithRetry(message, attempt + 1, shownFiles); }, Math.min(8000, 500 * Math.pow(2, attempt)));
      else showError(t('sendFailed'));
    });
  }

  function connect() {
    withSocketIo(function () {
      if (socket) socket.disconnect();
      socket = window.io(base + '/webchat', { path: '/socket.io', auth: { token: session.token } });
      socket.on('message', function (message) {
        if (typing && message && message.direction === 'outbound') typing.textContent = '';
        addMessage(message);
      });
      // The agent's desk repeats "typing" every couple of seconds; without a repeat the indicator lapses.
      var typingHide = null;
      socket.on('typing', function (event) {
        clearTimeout(typingHide);
        if (!typing) return;
        typing.textContent = event && event.isTyping ? t('typing', { name: event.authorName || t('agent') }) : '';
        if (typing.textContent) typingHide = setTimeout(function () { typing.textContent = ''; }, 5000);
      });
      socket.on('connect_error', function (failure) { if (failure && failure.message === 'unauthorized') restart(); });
      // After a reconnect, fetch what arrived while the socket was away.
      socket.io.on('reconnect', function () { refreshHistory(); });
    });
  }

  function withSocketIo(ready) {
    if (window.io) { ready(); return; }
    var loader = el('script', { src: base + '/webchat/socket.io.js' });
    loader.onload = ready;
    document.head.appendChild(loader);
  }

  function refreshHistory() {
    return request('GET', '/messages', null, session.token).then(function (result) { result.messages.forEach(addMessage); });
  }

  function restart() {
    if (socket) { socket.disconnect(); socket = null; }
    var composer = root.querySelector('.garda-chat__composer');
    if (composer) root.removeChild(composer);
    session = null;
    save(null);
    request('GET', '/config').then(function (config) { title.textContent = config.displayName || title.textContent; renderForm(config); }, function () { showError(t('unavailable')); body.appendChild(error); });
  }

  if (session && session.token) {
    request('GET', '/config').then(function (config) { if (config.displayName) title.textContent = config.displayName; }, function () { /* keep the default title */ });
    request('GET', '/messages', null, session.token).then(function (result) { renderChat(result.messages); }, function (failure) {
      if (failure.status === 401 || failure.status === 404) restart();
      else { renderChat([]); showError(t('reconnecting')); }
    });
  } else {
    restart();
  }
})();
`;

/** The widget with its catalogues inlined (`<` escaped, so no text can close a script element it is pasted into). */
export const WIDGET_SCRIPT = TEMPLATE.replace('__GARDA_WIDGET_MESSAGES__', () => JSON.stringify(WIDGET_MESSAGES).replace(/</g, '\\u003c'));

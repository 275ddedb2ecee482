export const TICKETS_CLIENT = Symbol('TicketsClient');
export const CUSTOMERS_CLIENT = Symbol('CustomersClient');
export const ANALYTICS_CLIENT = Symbol('AnalyticsClient');
export const ROUTING_CLIENT = Symbol('RoutingClient');

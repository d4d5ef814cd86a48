export { type ClientOptions, type FoodCommonsClient, FoodCommonsError, createClient } from './client.js';
export * from './generated/graphql.js';

/**
 * Fedify 2.3 as one module for ../js/fedify-peer.mjs: the script lives outside
 * this package, so it imports this file (by path) to resolve `@fedify/*` from
 * this directory's node_modules instead of the Fedify 1.5 of federation-tests.
 */
export * from '@fedify/fedify';
export * from '@fedify/vocab';

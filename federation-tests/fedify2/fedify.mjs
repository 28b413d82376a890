/**
 * Fedify 2.3 as one module for ../js/fedify-peer.mjs and ../js/httpsig.mjs:
 * the scripts live outside this package, so they import this file (by path)
 * to resolve `@fedify/*` from this directory's node_modules instead of the
 * Fedify 1.5 of federation-tests. `Temporal` is the polyfill Fedify 2.3 itself
 * uses, for the times a script passes to it.
 */
export * from '@fedify/fedify';
export * from '@fedify/vocab';
export {Temporal} from '@js-temporal/polyfill';

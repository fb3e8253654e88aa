/**
 * Imports every module that registers a background job, so server.ts starts them all. Add one line per job module.
 */
import "server-only";
import "../billing/jobs";
import "../payments/jobs";
import "../relay/response-store-job";
export {};

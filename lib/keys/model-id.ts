/** What a model id may look like (shared by key allow-lists and log filters; safe to import in the browser). */
export const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

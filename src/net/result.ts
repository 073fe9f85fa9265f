/**
 * The one shape of everything that can fail on what a user gave it: a value, or why there is none. Loading a model,
 * a query, a picture, an incremental step: each returns a `Result` of its own value and error types.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

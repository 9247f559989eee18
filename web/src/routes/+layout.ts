// The app runs in the browser only: every page talks to the API itself, with
// the session cookie, so the server-side render would have nothing to show.
export const ssr = false;
export const prerender = false;

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface PageState {
      /** The sign-in page was reached by logging out: it says so. */
      signedOut?: boolean;
    }
  }
}

export {};

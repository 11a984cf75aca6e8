/**
 * The site's one inline script: applies the remembered theme before first paint (a module script would run after
 * it, and the page would flash). One string, so the page (base-layout.astro) and the Content-Security-Policy's hash
 * of it (integration/csp.ts) cannot differ.
 */
export const THEME_BOOTSTRAP =
  "try{var t=localStorage.getItem('theme');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}";

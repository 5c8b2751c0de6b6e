// The dashboard is a static site: every page is prerendered and data is fetched by the browser.
export const prerender = true;
export const ssr = true;
export const trailingSlash = 'always';

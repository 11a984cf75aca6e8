/**
 * A built page's HTML without its `<template>` elements: what a browser shows and follows. Template content is inert
 * (the catalogue's card and table templates hold placeholders such as `/postmortems/{id}/` that the client fills, and
 * templates nested in them for each optional part), so tests that count cards or follow links read the page through
 * this. Innermost templates go first, until none is left.
 */
export function shownHtml(html: string): string {
  let shown = html;
  for (let before = ''; before !== shown;) {
    before = shown;
    shown = shown.replace(/<template\b(?:(?!<template\b)[\s\S])*?<\/template>/g, '');
  }
  return shown;
}

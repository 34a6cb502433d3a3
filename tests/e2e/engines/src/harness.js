// harness.js: what every engine page exposes to the tests, in the page's
// main world. The text is always read from the editor engine's own model
// (never from the DOM), so a test compares what the user typed, what the
// engine holds and what the site would post.
//
//   window.__engineText()   the engine's plain text now (blocks joined by '\n')
//   window.__engine.posted  texts recorded by the site's Post button, in order
//   window.__engine.name    which engine runs the page
//   window.__engine.errors  errors the engine itself reported (onError hooks)
//   window.__engine.renderAgain()  the engine sets its content anew to the same
//                           text, as sites do when they restore a draft or
//                           re-apply their own marks: new DOM nodes, same text

/**
 * Installs the page's test surface. text: () => string from the engine's
 * model. Returns record(), which the page calls from its Post handler.
 */
export function expose(name, text) {
  const engine = { name, posted: [], errors: [], text };
  Object.defineProperty(window, '__engine', { value: engine });
  Object.defineProperty(window, '__engineText', { value: () => text() });
  return () => engine.posted.push(text());
}

/** Wires a plain Post button (the site's own handler, bubble phase). */
export function postButton(button, record) {
  button.addEventListener('click', () => {
    if (button.disabled || button.getAttribute('aria-disabled') === 'true') return;
    record();
  });
}

/** The signed-in account as the page shows it, from ?handle= (default jo_teacher). */
export function handleParam() {
  return new URLSearchParams(location.search).get('handle') || 'jo_teacher';
}

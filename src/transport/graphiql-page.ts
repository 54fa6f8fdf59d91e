import type { GraphiQLOptions } from 'graphql-yoga';

/** JSON that can sit in an inline script: no `</script>` or `<!--` in a string can end it early. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * GraphiQL reopens the saved tab whose query, variables and headers equal the ones it saved last,
 * and opens an empty tab of its own when none does. It saves those only once they change in an
 * editor, so a page opened again before anything changed (a second browser tab, a reload) would
 * open empty. Saving the active tab's where none are saved makes it open the tabs as they were.
 */
const REOPEN_ACTIVE_TAB = `(function () {
  try {
    var state = JSON.parse(localStorage.getItem('graphiql:tabState') || 'null');
    var tab = state && state.tabs && state.tabs[state.activeTabIndex];
    if (!tab) return;
    ['query', 'variables', 'headers'].forEach(function (key) {
      var saved = 'graphiql:' + key;
      if (tab[key] && localStorage.getItem(saved) === null) localStorage.setItem(saved, tab[key]);
    });
  } catch (error) {
    // Storage that cannot be read: GraphiQL opens its default tabs.
  }
})();`;

/**
 * GraphiQL 5 gives the tabs it opens with stale drag offsets, which its stylesheet hides until a
 * tab has focus: pressing a tab focuses it, the tab jumps aside, and the click that was to open
 * it lands beside it. Tabs here stay put (dragging one past another still reorders them).
 */
const STILL_TABS = '.graphiql-tab { transform: none !important; }';

/**
 * The GraphiQL page: yoga's bundled GraphiQL (script, styles and editor workers inline, nothing
 * from a CDN) with the two fixes above, in the markup `@graphql-yoga/render-graphiql` writes.
 * Its assets (about 9 MB of source) are loaded on the first visit, not at start-up: loading them
 * took about half a second of every start, GraphiQL or not.
 */
export async function renderGraphiQLPage(options: GraphiQLOptions): Promise<string> {
  const { css, editorWorkerService, favicon, graphqlWorker, js, jsonWorker } = await import(
    '@graphql-yoga/render-graphiql/graphiql'
  );
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${favicon}" />
    <style>
      ${css}
    </style>
    <style>
      ${STILL_TABS}
    </style>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>
      ${REOPEN_ACTIVE_TAB}
    </script>
    <script>
      function prepareBlob(workerContent) {
        const blob = new Blob([workerContent], { type: 'application/javascript' });
        return URL.createObjectURL(blob);
      }
      const workers = {
        editorWorkerService: prepareBlob(${inlineJson(editorWorkerService)}),
        json: prepareBlob(${inlineJson(jsonWorker)}),
        graphql: prepareBlob(${inlineJson(graphqlWorker)}),
      };
      self['MonacoEnvironment'] = {
        globalAPI: false,
        getWorkerUrl: function (moduleId, label) {
          return workers[label];
        },
      };
      ${js};
      YogaGraphiQL.renderYogaGraphiQL(window.document.querySelector('#root'), ${inlineJson(options)});
    </script>
  </body>
</html>
`;
}

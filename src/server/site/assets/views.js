// View beacon: once per page view, only when the page is actually seen (not prerendered).
(() => {
  const a = document.querySelector('article[data-article-id]');
  if (!a) return;
  const u = `/v/${a.dataset.articleId}`;
  const send = () =>
    navigator.sendBeacon?.(u) || fetch(u, { method: 'POST', keepalive: true }).catch(() => {});
  if (document.visibilityState === 'visible') send();
  else
    document.addEventListener('visibilitychange', function f() {
      if (document.visibilityState !== 'visible') return;
      document.removeEventListener('visibilitychange', f);
      send();
    });
})();

// Progressive enhancement only: every link works without this script.
// "More news" appends the next rows in place instead of loading a new page.
document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[data-more]') : null;
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  const list = document.getElementById(a.getAttribute('data-more'));
  if (!list) return;
  e.preventDefault();
  if (a.getAttribute('aria-busy') === 'true') return;
  a.setAttribute('aria-busy', 'true');
  const url = new URL(a.href);
  url.searchParams.set('partial', '1');
  fetch(url, { headers: { accept: 'text/html' } })
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
    .then((html) => {
      const t = document.createElement('template');
      t.innerHTML = html;
      const next = t.content.querySelector('a[data-more]');
      const rows = t.content.querySelector('ul,ol');
      if (rows) list.append(...rows.children);
      if (next) {
        a.href = next.href;
        a.removeAttribute('aria-busy');
      } else a.remove();
    })
    .catch(() => {
      window.location.href = a.href;
    });
});

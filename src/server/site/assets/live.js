// Progressive enhancement only: live updates while the page is open (server-sent events).
// A new story goes on top of the latest list when the reader is near the top of the page,
// otherwise a small banner counts new stories; the breaking-news strip follows the newsroom.
(() => {
  const body = document.body;
  if (!body || !window.EventSource) return;
  const rows = [...document.querySelectorAll('[data-live-rows]')];
  const section = document.querySelector('[data-live-section]');
  const language = document.documentElement.lang;
  let waiting = [];
  let banner = null;
  const show = () => {
    for (const li of waiting) {
      for (const list of rows) {
        // Under the list's "today" label, when it starts with one.
        const top = list.firstElementChild;
        if (top?.classList.contains('feed-day')) top.after(li.cloneNode(true));
        else list.prepend(li.cloneNode(true));
      }
    }
    waiting = [];
    if (banner) banner.hidden = true;
  };
  const count = (n, onClick) => {
    if (!banner) {
      banner = document.createElement('button');
      banner.type = 'button';
      banner.className = 'live-banner';
      banner.addEventListener('click', () => {
        onClick();
        window.scrollTo({ top: 0, behavior: 'smooth' });
      });
      body.append(banner);
    }
    banner.textContent = (body.dataset.liveNew || '{n}').replace('{n}', String(n));
    banner.hidden = false;
  };
  let sectionNew = 0;
  const stream = new EventSource(`/live/${language}`);
  stream.addEventListener('open', () => {
    body.dataset.liveState = 'open';
  });
  stream.addEventListener('story', (e) => {
    const s = JSON.parse(e.data);
    if (document.querySelector(`[data-story="${s.id}"]`)) return;
    if (rows.length) {
      const t = document.createElement('template');
      t.innerHTML = s.row;
      const li = t.content.firstElementChild;
      if (!li) return;
      waiting.push(li);
      if (window.scrollY < 400) show();
      else count(waiting.length, show);
    } else if (section && String(s.sectionId) === section.dataset.liveSection) {
      sectionNew++;
      count(sectionNew, () => window.location.reload());
    }
  });
  const blog = document.getElementById('live-updates');
  stream.addEventListener('update', (e) => {
    const u = JSON.parse(e.data);
    const here = blog?.closest('[data-live-blog]');
    if (!here || here.getAttribute('data-live-blog') !== String(u.articleId)) return;
    if (document.getElementById(`update-${u.id}`)) return;
    const t = document.createElement('template');
    t.innerHTML = u.row;
    if (t.content.firstElementChild) blog.prepend(t.content.firstElementChild);
  });
  stream.addEventListener('breaking', (e) => {
    const b = JSON.parse(e.data);
    let strip = document.getElementById('breaking');
    if (!b) {
      if (strip) strip.remove();
      return;
    }
    if (!strip) {
      strip = document.createElement('a');
      strip.id = 'breaking';
      strip.className = 'breaking';
      body.prepend(strip);
    }
    strip.href = b.url;
    strip.textContent = `${body.dataset.liveBreaking || ''}: ${b.title}`;
  });
})();

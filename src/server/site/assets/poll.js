// Polls: vote without leaving the page, then watch the results update live.
(() => {
  for (const box of document.querySelectorAll('section.poll[data-poll-id]')) {
    const id = box.dataset.pollId;
    const url = `/polls/${id}`;
    let timer = 0;
    const show = (r) => {
      let res = box.querySelector('[data-poll-results]');
      if (!res) {
        res = document.createElement('div');
        res.className = 'poll-results';
        res.dataset.pollResults = id;
        res.setAttribute('aria-live', 'polite');
        box.querySelector('form')?.replaceWith(res);
      }
      const sum = r.options.reduce((n, o) => n + o.votes, 0);
      const base = box.dataset.multiple === '1' ? r.total : sum;
      const ul = document.createElement('ul');
      for (const o of r.options) {
        const pct = base > 0 ? Math.round((o.votes / base) * 100) : 0;
        const li = document.createElement('li');
        li.dataset.option = o.id;
        li.dataset.votes = o.votes;
        const label = document.createElement('span');
        label.className = 'poll-label';
        label.textContent = o.label;
        const p = document.createElement('span');
        p.className = 'poll-pct';
        p.textContent = `${pct}%`;
        const bar = document.createElement('span');
        bar.className = 'poll-bar';
        bar.style.width = `${pct}%`;
        li.append(label, p, bar);
        ul.append(li);
      }
      const total = document.createElement('p');
      total.className = 'poll-total';
      total.dataset.total = r.total;
      total.textContent = (box.dataset.totalLabel || '{n}').replace(
        '{n}',
        r.total.toLocaleString(document.documentElement.lang),
      );
      res.replaceChildren(ul, total);
    };
    const refresh = () =>
      fetch(url, { headers: { accept: 'application/json' } })
        .then((r) => (r.ok ? r.json() : null))
        .then((r) => r && show(r))
        .catch(() => {});
    const live = () => {
      if (timer) return;
      refresh();
      timer = setInterval(() => document.visibilityState === 'visible' && refresh(), 5000);
    };
    const form = box.querySelector('form.poll-form');
    const voted = document.cookie.split('; ').some((c) => c.startsWith(`shp_poll_${id}=`));
    if (!form || voted) {
      live();
      continue;
    }
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { accept: 'application/json' },
      })
        .then((r) => r.json().then((j) => [r.ok, j]))
        .then(([ok, j]) => {
          if (ok) show(j);
          live();
        })
        .catch(() => form.submit());
    });
  }
})();

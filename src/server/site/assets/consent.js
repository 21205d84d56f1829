// Consent: no third-party script runs until the reader chooses; the choice is remembered
// in a first-party cookie (strictly necessary) and can be changed from the footer.
(() => {
  const box = document.getElementById('consent');
  if (!box) return;
  const current = () =>
    document.cookie
      .split('; ')
      .find((c) => c.startsWith('shp_consent='))
      ?.slice(12);
  const run = (choice) => {
    const cfg = document.getElementById('consent-scripts');
    if (choice !== 'all' || !cfg) return;
    for (const s of JSON.parse(cfg.textContent)) {
      if (document.querySelector(`script[data-consent-id="${s.id}"]`)) continue;
      const el = document.createElement('script');
      el.src = s.src;
      el.async = true;
      el.dataset.consentId = s.id;
      el.dataset.category = s.category;
      document.head.append(el);
    }
  };
  const choose = (choice) => {
    const secure = location.protocol === 'https:' ? '; Secure' : '';
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in Safari and Firefox.
    document.cookie = `shp_consent=${choice}; Path=/; Max-Age=15552000; SameSite=Lax${secure}`;
    box.hidden = true;
    run(choice);
  };
  box.addEventListener('click', (e) => {
    const b = e.target instanceof Element ? e.target.closest('[data-consent]') : null;
    if (b) choose(b.dataset.consent);
  });
  for (const a of document.querySelectorAll('[data-consent-open]')) {
    a.addEventListener('click', (e) => {
      e.preventDefault();
      box.hidden = false;
      box.querySelector('button')?.focus();
    });
  }
  const choice = current();
  if (choice) run(choice);
  else box.hidden = false;
})();

// A test page's title follows the test its link names (the page itself needs no JavaScript:
// CSS :target shows that test's section alone).
(function () {
  'use strict';
  if (!document.querySelector('section.test')) {
    return;
  }
  var title = document.title;
  function retitle() {
    var target = location.hash.length > 1 ? document.getElementById(location.hash.substring(1)) : null;
    document.title = target && target.matches('section.test') ? target.getAttribute('data-title') : title;
  }
  window.addEventListener('hashchange', retitle);
  retitle();
}());

// The matrix filter: plain JavaScript, no dependencies, usable from the keyboard ('/' focuses it).
(function () {
  'use strict';
  var form = document.getElementById('filter');
  var table = document.getElementById('matrix');
  if (!form || !table) {
    return;
  }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var status = document.getElementById('filter-status');
  var q = form.elements.q;

  function matches(row, re, sig, tag, state) {
    if (re && !re.test(row.getAttribute('data-name'))) { return false; }
    if (sig && row.getAttribute('data-sig') !== sig) { return false; }
    if (tag && row.getAttribute('data-tags').indexOf('|' + tag + '|') < 0) { return false; }
    if (state === 'only') { return row.getAttribute('data-only') === '1'; }
    if (state && row.getAttribute('data-states').indexOf('|' + state + '|') < 0) { return false; }
    return true;
  }

  function apply() {
    var re = null;
    if (q.value) {
      try {
        re = new RegExp(q.value, 'i');
        q.removeAttribute('aria-invalid');
      } catch (e) {
        q.setAttribute('aria-invalid', 'true');
        status.textContent = 'Not a valid regular expression: ' + e.message;
        return;
      }
    } else {
      q.removeAttribute('aria-invalid');
    }
    var sig = form.elements.sig.value;
    var tag = form.elements.tag.value;
    var state = form.elements.state.value;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row, re, sig, tag, state);
      row.hidden = !ok;
      if (ok) { shown++; }
    });
    status.textContent = shown + ' of ' + rows.length + ' tests shown';
  }

  function sort() {
    var key = form.elements.sort.value;
    var attr = key === 'fail' ? 'data-fail' : key === 'flake' ? 'data-flake' : null;
    var sorted = rows.slice().sort(function (a, b) {
      if (key === 'problems') {
        return parseInt(a.getAttribute('data-rank'), 10) - parseInt(b.getAttribute('data-rank'), 10);
      }
      if (attr) {
        var d = parseFloat(b.getAttribute(attr)) - parseFloat(a.getAttribute(attr));
        if (d !== 0) { return d; }
      }
      var x = a.getAttribute('data-name');
      var y = b.getAttribute('data-name');
      return x < y ? -1 : x > y ? 1 : 0;
    });
    sorted.forEach(function (row) { body.appendChild(row); });
  }

  form.addEventListener('input', apply);
  form.addEventListener('change', function (e) {
    if (e.target === form.elements.sort) { sort(); }
    apply();
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  document.addEventListener('keydown', function (e) {
    var tagName = document.activeElement ? document.activeElement.tagName : '';
    if (e.key === '/' && tagName !== 'INPUT' && tagName !== 'SELECT' && tagName !== 'TEXTAREA') {
      e.preventDefault();
      q.focus();
    } else if (e.key === 'Escape' && document.activeElement === q) {
      q.value = '';
      apply();
    }
  });
  apply();
}());

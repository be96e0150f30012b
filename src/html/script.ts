/**
 * The page's only script: sorting tables by a header click (or Enter), and
 * opening a clamped statement text. Plain DOM, no library; the page reads
 * fully without it.
 */
export const SCRIPT = `(function () {
  function sortBy(th) {
    var table = th.closest('table');
    var body = table.tBodies[0];
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute('data-sort') === 'number';
    var current = th.getAttribute('aria-sort');
    var descending = current ? current === 'ascending' : numeric;
    var rows = Array.prototype.slice.call(body.rows);
    function key(row) {
      var cell = row.cells[index];
      if (!numeric) return cell.textContent.toLowerCase();
      var v = cell.getAttribute('data-v');
      return v === null || v === '' ? null : Number(v);
    }
    var keyed = rows.map(function (row, i) { return { row: row, key: key(row), i: i }; });
    keyed.sort(function (a, b) {
      if (a.key === b.key) return a.i - b.i;
      if (a.key === null) return 1;
      if (b.key === null) return -1;
      var order = a.key < b.key ? -1 : 1;
      return descending ? -order : order;
    });
    var headers = th.parentNode.children;
    for (var i = 0; i < headers.length; i++) headers[i].removeAttribute('aria-sort');
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (k) { fragment.appendChild(k.row); });
    body.appendChild(fragment);
  }
  document.addEventListener('click', function (event) {
    var th = event.target.closest('th[data-sort]');
    if (th) return sortBy(th);
    var sql = event.target.closest('.sql.clamp');
    if (sql && !window.getSelection().toString()) sql.classList.toggle('open');
  });
  document.addEventListener('keydown', function (event) {
    var th = event.target.closest && event.target.closest('th[data-sort]');
    if (th && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); sortBy(th); }
  });
})();`;

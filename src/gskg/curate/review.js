// gskg curate --serve: keyboard accept/reject on the review page, written to the review file
// by the local server (POST /proposals/N with the session token). j/k or arrows move between
// the proposals shown, a accepts, r rejects; the buttons do the same for a pointer.
(function () {
  'use strict';
  var token = document.querySelector('meta[name="gskg-token"]').content;
  var status = document.getElementById('status');
  var count = document.getElementById('accepted-count');

  function shown() {
    return Array.prototype.filter.call(document.querySelectorAll('#proposals li.proposal'),
      function (li) { return li.offsetParent !== null; });
  }
  function current() {
    var li = document.activeElement && document.activeElement.closest('li.proposal');
    return li || null;
  }
  function move(step) {
    var list = shown();
    if (!list.length) { return; }
    var at = list.indexOf(current());
    var next = list[at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + step))];
    next.focus();
  }
  function decide(li, accept) {
    var n = li.getAttribute('data-n');
    fetch('/proposals/' + n, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'X-Gskg-Token': token},
      body: JSON.stringify({accept: accept}),
      credentials: 'same-origin'
    }).then(function (r) {
      return r.json().then(function (body) { return {ok: r.ok, body: body}; });
    }).then(function (res) {
      if (!res.ok) { status.textContent = 'Not written: ' + res.body.error; return; }
      li.classList.toggle('accepted', accept);
      li.querySelector('.state').textContent = accept ? 'accepted' : 'not accepted';
      count.textContent = document.querySelectorAll('#proposals li.accepted').length;
      status.textContent = 'Proposal ' + (Number(n) + 1) + (accept ? ' accepted' : ' rejected') +
        ' (line ' + res.body.line + ' of ' + res.body.file + ').';
    }).catch(function () { status.textContent = 'Not written: the server did not answer.'; });
  }
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (e.target.matches && e.target.matches('input[type=text], input[type=search], textarea, select')) { return; }
    var li = current();
    if (e.key === 'j' || (li && e.key === 'ArrowDown')) { move(1); e.preventDefault(); }
    else if (e.key === 'k' || (li && e.key === 'ArrowUp')) { move(-1); e.preventDefault(); }
    else if (li && (e.key === 'a' || e.key === 'r')) { decide(li, e.key === 'a'); e.preventDefault(); }
  });
  document.addEventListener('click', function (e) {
    var button = e.target.closest && e.target.closest('.actions button');
    if (button) { decide(button.closest('li.proposal'), button.classList.contains('accept')); }
  });
}());

/* 'Cite this page': the access date is the reader's, so today's date replaces the build date. */
(function () {
  "use strict";
  var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];

  function today() {
    var now = new Date();
    return now.getDate() + " " + months[now.getMonth()] + " " + now.getFullYear();
  }

  function stamp() {
    document.querySelectorAll(".fs-access-date").forEach(function (node) {
      node.textContent = today();
    });
  }

  document$.subscribe(stamp);
})();

/* 'Cite this page': the access date is the reader's, so today's date replaces the build date; a printed
   page names its address. */
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
    // The printed fact sheet names the address it was printed from.
    document.querySelectorAll(".fs-page-url").forEach(function (node) {
      node.textContent = location.href;
    });
  }

  document$.subscribe(stamp);
})();

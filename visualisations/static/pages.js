// Behaviour the server-rendered pages add when scripts run (each page works without it).
(function () {
  "use strict";
  // Bring each highlighted source passage into view inside its scrollable box, without
  // moving the page itself.
  function showMarks() {
    var boxes = document.querySelectorAll(".excerpt");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var mark = box.querySelector("mark");
      if (!mark) { continue; }
      var top = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
      box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
  }
  // Printing shows every folded table; the browser's print preview and "Save as PDF" run this.
  window.addEventListener("beforeprint", function () {
    var folded = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < folded.length; i++) {
      folded[i].setAttribute("open", "");
      folded[i].setAttribute("data-opened-for-print", "");
    }
  });
  window.addEventListener("afterprint", function () {
    var opened = document.querySelectorAll("details[data-opened-for-print]");
    for (var i = 0; i < opened.length; i++) {
      opened[i].removeAttribute("open");
      opened[i].removeAttribute("data-opened-for-print");
    }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showMarks);
  } else {
    showMarks();
  }
})();

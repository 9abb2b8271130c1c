// S34: the verify page's comparison table follows the customer chosen in the picker.
// The picker's results carry the customer's details (kanalinhelmi.sites.LabelledAutocompleteJsonView).
"use strict";
(function () {
  function fill(details) {
    document.querySelectorAll("[data-customer]").forEach(function (cell) {
      var key = cell.getAttribute("data-customer");
      var value = details && details[key];
      cell.textContent = value ? String(value) : "–";
    });
  }
  function start() {
    var $ = window.django && window.django.jQuery;
    if (!$) { return; }
    $("#id_customer").on("select2:select", function (event) {
      fill(event.params.data.details || null);
    });
    $("#id_customer").on("select2:clear", function () { fill(null); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

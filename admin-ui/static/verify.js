// Mochila verify page, progressive enhancement: submit the form in place and swap in the
// server-rendered result (same HTML as without JavaScript). Falls back to a normal submit.
(function () {
  "use strict";
  var form = document.getElementById("verify-form");
  var result = document.getElementById("verify-result");
  if (!form || !result || !window.fetch || !window.DOMParser || !window.FormData) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    result.setAttribute("aria-busy", "true");
    fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("verify-result");
        if (!fresh) { form.submit(); return; }
        result.innerHTML = "";
        Array.prototype.forEach.call(fresh.childNodes, function (node) {
          result.appendChild(document.importNode(node, true));
        });
        result.focus();
      })
      .catch(function () { form.submit(); })
      .then(function () {
        if (button) button.disabled = false;
        result.removeAttribute("aria-busy");
      });
  });
})();

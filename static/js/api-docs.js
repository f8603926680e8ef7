// Starts Swagger UI on the API docs page (templates/api/docs.html) from the schema URL the
// page gives, so that the page needs no inline script under the Content Security Policy.
const container = document.getElementById("swagger-ui");
if (container && window.SwaggerUIBundle) {
  container.replaceChildren();
  window.SwaggerUIBundle({
    url: container.dataset.schemaUrl,
    domNode: container,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    // No badge from validator.swagger.io: the page loads nothing from another site.
    validatorUrl: null,
    supportedSubmitMethods: ["get", "head"],
  });
}

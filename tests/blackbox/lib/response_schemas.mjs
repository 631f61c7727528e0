// Every 2xx JSON body that a test receives through client() is checked against the response
// schema that the server's own /openapi.json declares for that route and status, so a writer
// that drifts from its documented shape fails the test that saw it. The check is stricter than
// the document: an object may hold only the properties it declares.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const loaded = new WeakMap();

// The checker of `server`'s document, fetched once per server.
export function responseSchemasOf(server) {
  if (!loaded.has(server)) {
    loaded.set(server, fetch(`${server.base}/openapi.json`)
      .then((res) => res.json())
      .then((doc) => new ResponseSchemas(doc)));
  }
  return loaded.get(server);
}

export class ResponseSchemas {
  constructor(doc) {
    this.doc = structuredClone(doc);
    this.routes = Object.keys(this.doc.paths).map((template) => ({
      template,
      params: (template.match(/\{/g) ?? []).length,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
    }));
    for (const schema of Object.values(this.doc.components?.schemas ?? {})) this.#mergeAllOf(schema);
    this.#closeObjects(this.doc);
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(this.doc, 'openapi.json');
    this.validators = new Map();
  }

  // Throws, naming the route and every mismatch, when `body` is not what the document declares
  // for `method` `path` answering `status` with JSON.
  check(method, urlPath, status, body) {
    const path = urlPath.split('?')[0];
    const route = this.routes.filter((r) => r.pattern.test(path)).sort((a, b) => a.params - b.params)[0];
    if (!route) throw new Error(`${method} ${path} answered ${status} JSON, but /openapi.json has no such path`);
    const operation = this.doc.paths[route.template][method.toLowerCase()];
    if (!operation) throw new Error(`${method} ${route.template}: not in /openapi.json`);
    const response = operation.responses?.[String(status)] ?? operation.responses?.['2XX'];
    if (!response) throw new Error(`${method} ${route.template} answered ${status}, which /openapi.json does not declare`);
    if (!response.content?.['application/json']?.schema) {
      throw new Error(`${method} ${route.template} ${status}: /openapi.json declares no JSON body`);
    }
    const key = `${method.toLowerCase()} ${route.template} ${status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      const pointer = ['paths', route.template, method.toLowerCase(), 'responses',
        operation.responses[String(status)] ? String(status) : '2XX', 'content', 'application/json', 'schema']
        .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
      validate = this.ajv.getSchema(`openapi.json#/${pointer}`);
      this.validators.set(key, validate);
    }
    if (!validate(body)) {
      const problems = validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}` +
        (e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : '')).join('; ');
      throw new Error(`${method} ${urlPath} ${status}: the body is not the documented ${route.template} shape: ${problems}\n${JSON.stringify(body).slice(0, 2000)}`);
    }
  }

  #resolve(schema) {
    if (schema?.$ref?.startsWith('#/')) {
      return schema.$ref.slice(2).split('/').reduce((o, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')], this.doc);
    }
    return schema;
  }

  // {allOf: [A, B]} of object schemas becomes one object schema with the properties and required
  // fields of both, so that closing it (below) does not refuse one part's fields in the other.
  #mergeAllOf(schema) {
    if (!Array.isArray(schema?.allOf)) return;
    const parts = schema.allOf.map((s) => this.#resolve(s));
    parts.forEach((p) => this.#mergeAllOf(p));
    delete schema.allOf;
    schema.type = 'object';
    schema.properties = Object.assign({}, ...parts.map((p) => p.properties ?? {}));
    schema.required = [...new Set(parts.flatMap((p) => p.required ?? []))];
  }

  #closeObjects(node) {
    if (Array.isArray(node)) { node.forEach((n) => this.#closeObjects(n)); return; }
    if (node === null || typeof node !== 'object') return;
    if (node.properties && typeof node.properties === 'object' && !('additionalProperties' in node)) {
      node.additionalProperties = false;
    }
    for (const value of Object.values(node)) this.#closeObjects(value);
  }
}

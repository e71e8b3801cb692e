/**
 * Terminus's `@HealthCheck()` options for both apps' health routes: never cached (a proxy must not answer for a
 * process that has since gone down), and no Swagger decorators: the backend documents its health routes itself, and
 * analytics serves no API document (terminus's default would load all of @nestjs/swagger, with lodash and js-yaml,
 * into the consumer's memory budget only to annotate two routes). Passing options replaces terminus's defaults
 * whole, so `noCache` is said again.
 */
export const HEALTH_CHECK_OPTIONS = { noCache: true, swaggerDocumentation: false } as const;

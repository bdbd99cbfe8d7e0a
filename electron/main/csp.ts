// The renderer's Content-Security-Policy, in a module with no 'electron' import so plain Node (the Chromium E2E
// host's static server) serves the page under the very policy the app's app:// protocol sends.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

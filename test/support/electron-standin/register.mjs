// node --import ./register.mjs <bundle>: installs hooks.mjs before the bundle loads.
import { register } from 'node:module'

register('./hooks.mjs', import.meta.url)

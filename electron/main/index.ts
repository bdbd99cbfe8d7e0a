// Entry point of the main process (built to out/main/index.js). Wiring lives in app.ts.
import { startApp } from './app'

void startApp(process.env)

// Makes the README's screenshots (npm run docs:screenshots); not part of npm test.
import base from './playwright.config'
import { defineConfig } from '@playwright/test'

export default defineConfig({ ...base, testMatch: '**/*.docs.ts', reporter: [['list']] })

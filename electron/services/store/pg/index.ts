// The PostgreSQL team store's database layer (issue 16): connection, migrations, claims, writes, live queue. Not
// wired into the app yet (see docs/TEAM.md).
export * from './connection'
export * from './migrate'
export * from './claims'
export * from './writes'
export * from './listen'

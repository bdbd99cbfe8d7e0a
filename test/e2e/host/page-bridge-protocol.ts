// What the Chromium host's page bridge and its server agree on (imported by both sides).
export const IPC_PATH = '/__ipc'
export const IPC_TOKEN_HEADER = 'x-recto-ipc-token'

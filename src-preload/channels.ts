// IPC channel names shared by the preload and the Electron main process.
export const API_INVOKE_CHANNEL = 'prime-api:invoke'
export const API_EVENT_CHANNEL = 'prime-api:event'
export const TRAINER_STREAM_CHANNEL = 'prime-api:trainer-stream'

// A minimal application menu. Electron's default menu offers Reload and DevTools to anyone; this one offers
// DevTools only when allowed, and leaves undo/redo and zoom keys to the renderer, which owns them.
import { app, Menu, type MenuItemConstructorOptions } from 'electron'

export function menuTemplate(platform: NodeJS.Platform, devTools: boolean): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = []
  if (platform === 'darwin') {
    template.push({
      label: 'Recto',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'quit' },
      ],
    })
  } else {
    template.push({ label: 'File', submenu: [{ role: 'quit' }] })
  }
  // Cut/copy/paste need menu roles on macOS to work in text inputs at all.
  template.push({
    label: 'Edit',
    submenu: [{ role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  })
  if (devTools) template.push({ label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }] })
  template.push({ label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] })
  return template
}

/** A packaged build never gets the DevTools toggle, whatever the caller asks for. */
export function installMenu(platform: NodeJS.Platform, devTools: boolean): void {
  const allowed = devTools && app.isPackaged === false
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(platform, allowed)))
}

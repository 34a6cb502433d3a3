// ext.js: the only wrapper around the browser's extension APIs and storage.
// Works with Chrome's `chrome` and Firefox's `browser` namespaces.
const api = globalThis.browser || globalThis.chrome;

export const ext = {
  api,
  /** Returns the runtime's last error message for a callback API, or ''. */
  lastError() {
    const e = api.runtime.lastError;
    return e ? String(e.message || e) : '';
  },
  /** Opens a native messaging port; only lib/native.js calls this. */
  connectNative(name) {
    return api.runtime.connectNative(name);
  },
  /** Reads keys from storage.sync (falls back to local if sync is off). */
  async syncGet(defaults) {
    try {
      return await api.storage.sync.get(defaults);
    } catch {
      return api.storage.local.get(defaults);
    }
  },
  async syncSet(values) {
    try {
      await api.storage.sync.set(values);
    } catch {
      await api.storage.local.set(values);
    }
  },
  async localGet(defaults) {
    try { return await api.storage.local.get(defaults); } catch { return { ...defaults }; }
  },
  async localSet(values) {
    try { await api.storage.local.set(values); } catch { /* kept in memory only */ }
  },
  /** Reads the administrator's managed settings; {} when none are set. */
  async managedGet() {
    try {
      return (await api.storage.managed.get(null)) || {};
    } catch {
      return {};
    }
  },
  onStorageChanged(fn) {
    api.storage.onChanged.addListener(fn);
  },
  onMessage(fn) {
    api.runtime.onMessage.addListener(fn);
  },
  onConnect(fn) {
    api.runtime.onConnect.addListener(fn);
  },
  async sendToTab(tabId, msg) {
    try {
      await api.tabs.sendMessage(tabId, msg);
    } catch { /* tab without our content script */ }
  },
  async allTabs() {
    try { return await api.tabs.query({}); } catch { return []; }
  },
  openOptions(hash = '') {
    if (!hash) return api.runtime.openOptionsPage();
    return api.tabs.create({ url: api.runtime.getURL(`options/options.html${hash}`) });
  },
  openPage(path) {
    return api.tabs.create({ url: api.runtime.getURL(path) });
  },
  onTabRemoved(fn) {
    api.tabs.onRemoved.addListener(fn);
  },
  onInstalled(fn) {
    api.runtime.onInstalled.addListener(fn);
  },
  manifest() {
    return api.runtime.getManifest();
  },
  extensionOrigin() {
    return new URL(api.runtime.getURL('/')).origin;
  },
  /** Host permissions for the generic adapter, asked at runtime. */
  async hasOrigin(origin) {
    return api.permissions.contains({ origins: [origin + '/*'] });
  },
  async requestOrigin(origin) {
    return api.permissions.request({ origins: [origin + '/*'] });
  },
  async removeOrigin(origin) {
    return api.permissions.remove({ origins: [origin + '/*'] });
  },
  /** Registers (or replaces) the generic content script for origins. */
  async registerGeneric(origins) {
    const id = 'postcheck-generic';
    try {
      await api.scripting.unregisterContentScripts({ ids: [id] });
    } catch { /* not registered yet */ }
    if (!origins.length) return;
    await api.scripting.registerContentScripts([{
      id,
      matches: origins.map((o) => o + '/*'),
      // The same scripts as the manifest's content script.
      js: api.runtime.getManifest().content_scripts[0].js,
      css: ['content/highlight.css'],
      runAt: 'document_idle',
      persistAcrossSessions: true,
    }]);
  },
};

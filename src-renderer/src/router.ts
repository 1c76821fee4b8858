import { createRouter, createWebHashHistory } from 'vue-router'
import DatasetsView from './views/DatasetsView.vue'
import RunsView from './views/RunsView.vue'
import CompareView from './views/CompareView.vue'
import ReportsView from './views/ReportsView.vue'
import SettingsView from './views/SettingsView.vue'
import HeatmapView from './views/HeatmapView.vue'

// Hash history: works unchanged from file:// in Electron and from the browser-mode host.
export const routes = [
  { path: '/', redirect: '/runs' },
  { path: '/datasets', name: 'datasets', component: DatasetsView, meta: { title: 'Datasets' } },
  { path: '/runs/:id?', name: 'runs', component: RunsView, meta: { title: 'Runs' } },
  { path: '/compare', name: 'compare', component: CompareView, meta: { title: 'Compare' } },
  { path: '/reports', name: 'reports', component: ReportsView, meta: { title: 'Reports' } },
  { path: '/settings', name: 'settings', component: SettingsView, meta: { title: 'Settings' } },
  { path: '/heatmap/:runId?', name: 'heatmap', component: HeatmapView, meta: { title: 'Step heatmap' } },
]

export const router = createRouter({ history: createWebHashHistory(), routes })

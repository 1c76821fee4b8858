import { createRouter, createWebHashHistory } from 'vue-router'
import DatasetsView from './views/DatasetsView.vue'
import RunsView from './views/RunsView.vue'
import CompareView from './views/CompareView.vue'
import ReportsView from './views/ReportsView.vue'
import SettingsView from './views/SettingsView.vue'
import HeatmapView from './views/HeatmapView.vue'
import RolloutsView from './views/RolloutsView.vue'
import SweepsView from './views/SweepsView.vue'

// Hash history: works unchanged from file:// in Electron and from the browser-mode host.
export const routes = [
  { path: '/', redirect: '/runs' },
  { path: '/datasets', name: 'datasets', component: DatasetsView, meta: { title: 'Datasets' } },
  { path: '/runs/:id?', name: 'runs', component: RunsView, meta: { title: 'Runs' } },
  { path: '/compare', name: 'compare', component: CompareView, meta: { title: 'Compare' } },
  { path: '/reports', name: 'reports', component: ReportsView, meta: { title: 'Reports' } },
  { path: '/settings', name: 'settings', component: SettingsView, meta: { title: 'Settings' } },
  { path: '/heatmap/:runId?', name: 'heatmap', component: HeatmapView, meta: { title: 'Step heatmap' } },
  { path: '/sweeps/:sweepId?', name: 'sweeps', component: SweepsView, meta: { title: 'Sweeps' } },
  { path: '/rollouts/:runId?', name: 'rollouts', component: RolloutsView, meta: { title: 'Rollouts' } },
]

export const router = createRouter({ history: createWebHashHistory(), routes })

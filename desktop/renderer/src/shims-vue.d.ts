// For the plain `tsc` run over the whole repository, which cannot read .vue files; vue-tsc
// (tsconfig.renderer.json) excludes this file and checks the components themselves.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}

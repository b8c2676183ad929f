/** jQuery's slim ES module build ships no types; the widget only hands it out as Payline.jQuery. */
declare module 'jquery/slim' {
  const jQuery: (...args: unknown[]) => unknown;
  export default jQuery;
}

/**
 * The Carttrend project's configuration: everything else has a default
 * (assets/index.ts, the models under sql/, state in .trellis/).
 */
export default {
  // `trellis demo-data` and `trellis demo` write the ten sample workbooks.
  sampleData: 'assets/carttrend/sample-data.ts',
};

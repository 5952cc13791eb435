/** The baseline page: React 19 and the shell, no chart library, so that each library's share of a bundle and of the time shows. */
import { useEffect } from 'react';
import { mountBench, type ChartProps } from './shell.tsx';

mountBench(function Nothing({ rows, onDrawn }: ChartProps) {
  useEffect(() => { onDrawn({}, rows); }, [rows, onDrawn]);
  return <div />;
});

import { unavailable } from './unavailable';

/** vega, vega-lite and resvg draw the command line's SVG/PNG plots; the page draws on canvas instead. */
unavailable('the SVG/PNG plots of the command line');

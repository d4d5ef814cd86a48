/**
 * The widget bundle's entry (its one module with side effects): registers every element, each
 * guarded so that a second copy of the bundle on the same page does not throw.
 */
import { FcDemandBoard } from './fc-demand-board/fc-demand-board.js';
import { FcGoalProgress } from './fc-goal-progress/fc-goal-progress.js';
import { FcKitchenStats } from './fc-kitchen-stats/fc-kitchen-stats.js';
import { FcMunicipalityRanking } from './fc-municipality-ranking/fc-municipality-ranking.js';
import { FcProducerList } from './fc-producer-list/fc-producer-list.js';
import { FcProducerMap } from './fc-producer-map/fc-producer-map.js';
import { FcShareChart } from './fc-share-chart/fc-share-chart.js';
import { define } from './internal/define.js';

define('fc-producer-map', FcProducerMap);
define('fc-producer-list', FcProducerList);
define('fc-goal-progress', FcGoalProgress);
define('fc-share-chart', FcShareChart);
define('fc-kitchen-stats', FcKitchenStats);
define('fc-municipality-ranking', FcMunicipalityRanking);
define('fc-demand-board', FcDemandBoard);

export { FcDemandBoard, FcGoalProgress, FcKitchenStats, FcMunicipalityRanking, FcProducerList, FcProducerMap, FcShareChart };
export type * from './events.js';

import { isObjectType } from 'graphql';
import { builder } from '../builder.js';
import { applyCosts } from '../plugins/cost.js';
import './scalars.js';
import './enums.js';
import './common.js';
import './source.js';
import './place.js';
import './category.js';
import './organization.js';
import './producer.js';
import './hub.js';
import './kitchen.js';
import './demand.js';
import './agreement.js';
import './delivery.js';
import './indicator.js';
import './goal.js';
import './project.js';
import './sync.js';
import './stats.js';
import './match.js';

builder.queryType({ description: 'Read the commons: places, producers, kitchens, demand, agreements, statistics and goals.' });

export const schema = builder.toSchema({ sortSchema: false });

// The Prisma plugin adds `totalCount` to connections without a description; every field has one.
for (const type of Object.values(schema.getTypeMap())) {
  const totalCount = isObjectType(type) && type.name.endsWith('Connection') ? type.getFields().totalCount : undefined;
  if (totalCount && !totalCount.description) totalCount.description = 'How many items match, over all pages.';
}

applyCosts(schema);

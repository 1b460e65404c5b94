// An accessible bar chart of the gap per row (demand − free places): bars to the right for a shortfall (red when
// unmet), to the left for a surplus. The SVG is one image with a title and a description; the table next to it
// holds the same figures for screen readers and keyboard users (WCAG 1.1.1).
import { Text } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { GapRowRecord } from '../../../quality/gap.schema.ts';

export const CHART_ROWS = 24;
const ROW_HEIGHT = 22;
const LABEL_WIDTH = 300;
const BAR_AREA = 360;

export function GapChart({ rows, labelOf }: { rows: readonly GapRowRecord[]; labelOf: (row: GapRowRecord) => string }) {
  const { t } = useTranslation();
  const id = useId();
  const shown = rows.slice(0, CHART_ROWS);
  if (shown.length === 0) return null;
  const extent = Math.max(1, ...shown.map((row) => Math.abs(row.gap)));
  const zero = LABEL_WIDTH + BAR_AREA / 2;
  const scale = BAR_AREA / 2 / extent;
  const height = shown.length * ROW_HEIGHT + 10;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${LABEL_WIDTH + BAR_AREA + 40} ${height}`}
        width="100%"
        style={{ maxWidth: 760 }}
      >
        <title id={`${id}-title`}>{t('quality.gaps.chart.title')}</title>
        <desc id={`${id}-desc`}>{t('quality.gaps.chart.description')}</desc>
        <line x1={zero} x2={zero} y1={0} y2={height} stroke="#495057" strokeWidth={1} />
        {shown.map((row, index) => {
          const y = index * ROW_HEIGHT + 5;
          const width = Math.abs(row.gap) * scale;
          const x = row.gap >= 0 ? zero : zero - width;
          // Dark red for unmet, dark grey otherwise: both reach 3:1 against white (WCAG 1.4.11).
          const colour = row.unmet ? '#a61e1e' : '#5c6670';
          return (
            <g key={`${row.group}-${row.place ?? ''}-${row.period}`}>
              <text x={LABEL_WIDTH - 8} y={y + 14} textAnchor="end" fontSize={12} fill="#212529">
                {labelOf(row)}
              </text>
              <rect x={x} y={y + 2} width={Math.max(width, 1)} height={ROW_HEIGHT - 6} fill={colour} />
              <text
                x={row.gap >= 0 ? x + width + 4 : x - 4}
                y={y + 14}
                textAnchor={row.gap >= 0 ? 'start' : 'end'}
                fontSize={12}
                fill="#212529"
              >
                {row.gap > 0 ? `+${row.gap}` : String(row.gap)}
              </text>
            </g>
          );
        })}
      </svg>
      {rows.length > CHART_ROWS ? (
        <Text component="figcaption" size="sm">
          {t('quality.gaps.chart.more', { count: CHART_ROWS })}
        </Text>
      ) : null}
    </figure>
  );
}

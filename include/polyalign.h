/**
 * @file polyalign.h
 * Umbrella header: the whole public API of libpolyalign.
 */
#ifndef POLYALIGN_H
#define POLYALIGN_H

#include "polyalign/version.h"
#include "polyalign/context.h"
#include "polyalign/io.h"
#include "polyalign/segment.h"
#include "polyalign/doc.h"
#include "polyalign/tmx.h"
#include "polyalign/norm.h"
#include "polyalign/lexicon.h"
#include "polyalign/evidence.h"
#include "polyalign/align.h"
#include "polyalign/eval.h"
#include "polyalign/multi.h"
#include "polyalign/compare.h"
#include "polyalign/report.h"

#endif

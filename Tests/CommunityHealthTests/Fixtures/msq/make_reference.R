# make_reference.R
#
# Builds an independent reference fixture for cophealth from the public
# psychTools::msqR data set (Motivational State Questionnaire, Revelle, Northwestern
# University; mood adjectives rated 0 = Not at all .. 3 = Very much):
#   survey.json                 survey definition (20 items in 2 dimensions, the outcome 'happy',
#                               and the practices question P1 = caffeine condition)
#   responses/msq.csv           canonical responses (respondent, wave, community, items, happy, P1)
#   expected-comparisons.csv    per wave x community x dimension: score vs All and vs the rest, Welch p
#   expected-trends.csv         per community x dimension: t2 vs t1 change, Welch p
#   expected-practices.csv      per wave x option x target: means with / without, Cohen's d with a
#                               95% CI (normal approximation), Welch p; d cross-checked with psych::cohen.d
#                               (comparisons, trends and practices on a dimension: over the respondents
#                               the coverage rule below counts)
#   expected-drivers.csv        per wave x group x item: Pearson r of the keyed item with 'happy',
#                               95% Fisher-z CI (cor.test), n; cross-checked with psych::corr.test
#                               (every answer of the group)
#   expected-shares.csv         per wave x community x option: answered, reporting, share
# Subset: the seven studies that gave caffeine or placebo ('drug' known) and measured the MSQ at
# times 1 and 2 (AGES, CITY, EMIT, IMPS, PAT, SALT, XRAY); only times 1 (-> t1) and 2 (-> t2).
# "community" is the study. PAT is cut to its first 29 participants (by order in msqR, the same
# participants at both times) so that one community has fewer than 30 rows per wave.
# P1 is "Caffeine" when drug == 2 and "Placebo" when drug == 1 (the msqR documentation:
# "1 if given placebo, 2 if given caffeine"); rows with no drug value get an empty cell.
#
# Run (from this folder):   Rscript make_reference.R
# Debian packages:          apt-get install -y r-base-core r-cran-psych r-cran-psychtools
# Deterministic: no random numbers are used.

suppressPackageStartupMessages({
  library(psych)
  library(psychTools)
})

data(msqR, package = "psychTools", envir = environment())
stopifnot(nrow(msqR) == 6411)

num <- function(x, digits = 15) {
  out <- ifelse(is.na(x), "", sprintf(paste0("%.", digits, "g"), x))
  out
}
write_csv <- function(df, path) {
  con <- file(path, open = "wb")   # binary: LF line endings on every platform
  on.exit(close(con))
  lines <- c(paste(names(df), collapse = ","),
             do.call(paste, c(lapply(df, as.character), sep = ",")))
  writeLines(enc2utf8(lines), con, sep = "\n", useBytes = TRUE)
}

# ---- subset --------------------------------------------------------------------
studies <- c("AGES", "CITY", "EMIT", "IMPS", "PAT", "SALT", "XRAY")
small_study <- "PAT"; small_size <- 29
keep <- msqR$study %in% studies & msqR$time %in% c(1, 2)
# the studies kept are exactly those with a known drug value for some row and rows at times 1 and 2
has_drug <- unique(msqR$study[!is.na(msqR$drug)])
has_both <- names(which(tapply(msqR$time, msqR$study, function(t) all(c(1, 2) %in% t))))
stopifnot(identical(sort(intersect(has_drug, has_both)), studies))
pat <- msqR[keep & msqR$study == small_study, ]
stopifnot(!anyNA(pat$id), identical(pat$id[pat$time == 1], pat$id[pat$time == 2]))
first_ids <- head(pat$id[pat$time == 1], small_size)
keep <- keep & (msqR$study != small_study | msqR$id %in% first_ids)
msq <- msqR[keep, ]
stopifnot(all(table(msq$study[msq$study == small_study], msq$time[msq$study == small_study]) == small_size))
stopifnot(all(msq$drug %in% c(1, 2, NA)))

# ---- survey definition -------------------------------------------------------
dims <- c("energetic_arousal", "tense_arousal")
dim_titles <- c(energetic_arousal = "Energetic arousal", tense_arousal = "Tense arousal")
# Thayer's ADACL scales as listed in the msqR documentation ("-" = reverse-keyed)
ea <- c("active", "energetic", "vigorous", "wakeful", "wide.awake", "full.of.pep", "lively",
        "-sleepy", "-tired", "-drowsy")
ta <- c("intense", "jittery", "fearful", "tense", "clutched.up",
        "-quiet", "-still", "-placid", "-calm", "-at.rest")
keyed_list <- c(ea, ta)
item_cols <- sub("^-", "", keyed_list)
item_rev <- startsWith(keyed_list, "-")
item_dim <- rep(dims, c(length(ea), length(ta)))
stopifnot(all(c(item_cols, "happy") %in% names(msqR)))
items <- gsub(".", "_", item_cols, fixed = TRUE)          # question ids: [A-Za-z0-9_-]+
stopifnot(all(grepl("^[A-Za-z0-9_-]+$", items)))
names(item_cols) <- items; names(item_rev) <- items; names(item_dim) <- items
item_text <- gsub(".", " ", item_cols, fixed = TRUE)
options <- c("Caffeine", "Placebo")

json_str <- function(s) {
  s <- gsub("\\", "\\\\", s, fixed = TRUE)
  s <- gsub("\"", "\\\"", s, fixed = TRUE)
  paste0("\"", s, "\"")
}
labels <- c("Not at all", "A little", "Moderately", "Very much")
json <- c(
  "{",
  "  \"id\": \"msq\",",
  "  \"title\": \"Motivational State Questionnaire (psychTools::msqR)\",",
  "  \"groupBy\": \"community\",",
  "  \"period\": { \"column\": \"wave\" },",
  "  \"minimumGroupSize\": 5,",
  "  \"outcome\": \"happy\",",
  paste0("  \"scales\": { \"mood4\": { \"min\": 0, \"max\": 3, \"labels\": [",
         paste(json_str(labels), collapse = ", "), "] } },"),
  "  \"dimensions\": [",
  paste0("    { \"id\": ", json_str(dims), ", \"title\": ", json_str(dim_titles[dims]), " }",
         c(rep(",", length(dims) - 1), "")),
  "  ],",
  "  \"questions\": [",
  paste0("    { \"id\": ", json_str(items), ", \"text\": ", json_str(item_text),
         ", \"scale\": \"mood4\", \"dimension\": ", json_str(item_dim),
         ", \"reverse\": ", ifelse(item_rev, "true", "false"), " },"),
  "    { \"id\": \"happy\", \"text\": \"happy\", \"scale\": \"mood4\" },",
  paste0("    { \"id\": \"P1\", \"text\": \"Condition\", \"type\": \"choices\", \"options\": [",
         paste(json_str(options), collapse = ", "), "], \"practices\": true }"),
  "  ]",
  "}"
)
con <- file("survey.json", open = "wb"); writeLines(enc2utf8(json), con, sep = "\n"); close(con)

# ---- responses ---------------------------------------------------------------
wave <- paste0("t", msq$time)
community <- msq$study
P1 <- ifelse(is.na(msq$drug), "", ifelse(msq$drug == 2, "Caffeine", "Placebo"))
resp <- data.frame(respondent = rownames(msq), wave = wave, community = community,
                   stringsAsFactors = FALSE)
stopifnot(!anyDuplicated(resp$respondent))
for (it in items) {
  x <- msq[[item_cols[[it]]]]
  stopifnot(all(x %in% c(0:3, NA)))
  resp[[it]] <- ifelse(is.na(x), "", as.character(x))
}
stopifnot(all(msq$happy %in% c(0:3, NA)))
resp$happy <- ifelse(is.na(msq$happy), "", as.character(msq$happy))
resp$P1 <- P1
write_csv(resp, file.path("responses", "msq.csv"))

# ---- scores ------------------------------------------------------------------
raw <- as.data.frame(lapply(item_cols, function(col) as.numeric(msq[[col]])))
names(raw) <- items
keyed <- raw
for (it in items[item_rev]) keyed[[it]] <- 3 - raw[[it]]
to_score <- function(m) (m - 0) / 3 * 100
score_of <- list()                             # respondent scores on 0-100, NA = no score
for (d in dims) {
  m <- rowMeans(keyed[, items[item_dim == d], drop = FALSE], na.rm = TRUE)
  m[is.nan(m)] <- NA
  score_of[[d]] <- to_score(m)
}
score_of[["happy"]] <- to_score(as.numeric(msq$happy))
targets <- c(dims, "happy")

waves <- c("t1", "t2")
communities <- studies

# ---- coverage: whom each dimension's figures count ----------------------------
# Since the privacy stage, cophealth decides from counts alone, per wave and dimension, whose answers
# a dimension's figures count, so that no combination of published figures singles anyone out: the
# coverage rule of docs/privacy.md (CoverageRule.swift cites it there; docs/privacy.md states it;
# it is written out in full here too). This is an independent implementation of the
# rule, written from its statement, not from the Swift code (m = survey.json minimumGroupSize):
#  1. Among the wave's respondents with at least one answered item of the dimension, "complete"
#     answered all of its items and "partial" some but not all. Rows without a community are one
#     more group ("none").
#  2. A group's partial answerers are left out when partial > 0 and (partial < m or complete < m).
#  3. counted = complete + partial (unless left out). A community is shown when counted >= m.
#  4. The rest = every group not shown ("none" included). If the rest's partial answerers not left
#     out in 2 number 1 to m - 1, all of the rest's partial answerers are left out. If the rest then
#     counts 1 to m - 1 people, all of them are left out (All counts the shown communities only);
#     no community is withheld to protect the rest.
#  5. Every figure of the dimension (scores, sd, CI, favorable, change and Welch p, its items'
#     answers and percentages, comparisons, practices) counts the counted respondents only: a
#     shown community's own, All's = every counted respondent of the wave. Cronbach's alpha and
#     key drivers keep every answer of the group.
community_order <- function(x) x[order(tolower(x), x, method = "radix")]   # C-locale order, as cophealth
coverage_rule <- function(community, answered, n_items, m) {
  # community: per row of one wave ("" = none); answered: per row, items of the dimension answered
  named <- community_order(unique(community[community != ""]))
  groups <- c(named, if (any(community == "")) NA_character_)   # NA = the rows without a community
  g <- match(ifelse(community == "", NA_character_, community), groups)
  is_complete <- answered == n_items
  is_partial <- answered > 0 & answered < n_items
  complete <- tabulate(g[is_complete], length(groups))
  partial <- tabulate(g[is_partial], length(groups))
  left_out <- partial > 0 & (partial < m | complete < m)                      # step 2
  counted <- complete + ifelse(left_out, 0, partial)                          # step 3
  shown <- !is.na(groups) & counted >= m
  rest <- !shown                                                              # step 4
  if (sum(partial[rest & !left_out]) %in% seq_len(m - 1)) left_out <- left_out | rest
  rest_counted <- sum(complete[rest]) + sum(partial[rest & !left_out])
  everyone_out <- rest & rest_counted > 0 & rest_counted < m
  list(counts = data.frame(group = ifelse(is.na(groups), "(none)", groups), complete = complete,
                           partial = partial, left_out = left_out, shown = shown,
                           stringsAsFactors = FALSE),
       shown = groups[shown],
       counted = answered > 0 & (is_complete | !left_out[g]) & !everyone_out[g])   # per row
}

minimum <- 5                                   # survey.json minimumGroupSize
coverage_rows <- list()
for (d in dims) {
  counted <- rep(FALSE, nrow(keyed))
  for (w in waves) {
    idx <- which(wave == w)
    answered <- rowSums(!is.na(keyed[idx, items[item_dim == d], drop = FALSE]))
    cov <- coverage_rule(community[idx], answered, sum(item_dim == d), minimum)
    # every study keeps its figures here; the tests expect each one shown
    if (!all(communities %in% cov$shown)) stop(sprintf("%s %s: a group is withheld", w, d))
    counted[idx] <- cov$counted
    coverage_rows[[length(coverage_rows) + 1]] <- cbind(wave = w, dimension = d, cov$counts)
  }
  # from here on a dimension score exists only for the respondents the dimension's figures count
  # (the drivers below use the item answers, not these scores, and keep every answer)
  score_of[[d]][!counted] <- NA
}
coverage_table <- do.call(rbind, coverage_rows)
left <- coverage_table[coverage_table$left_out, ]
cat(sprintf("partial answerers left out in %d of %d wave x group x dimension cells (%d respondents):\n",
            nrow(left), nrow(coverage_table), sum(left$partial)))
print(left, row.names = FALSE)

welch_p <- function(a, b) t.test(a, b, var.equal = FALSE)$p.value
present <- function(x) x[!is.na(x)]

# ---- A. comparisons ------------------------------------------------------------
rows <- list()
for (w in waves) for (c in communities) for (d in dims) {
  s <- score_of[[d]]
  in_c <- wave == w & community == c
  mine <- present(s[in_c]); all <- present(s[wave == w]); rest <- present(s[wave == w & !in_c])
  rows[[length(rows) + 1]] <- data.frame(
    wave = w, community = c, dimension = d,
    n = num(length(mine)), score = num(mean(mine)),
    all_n = num(length(all)), all_score = num(mean(all)),
    # p_all is p_rest's value: the difference from All is (1 - n/N) times the difference from
    # the rest, so they ask the same question, and only the rest is an independent group.
    difference_all = num(mean(mine) - mean(all)), p_all = num(welch_p(mine, rest)),
    rest_n = num(length(rest)), rest_score = num(mean(rest)),
    difference_rest = num(mean(mine) - mean(rest)), p_rest = num(welch_p(mine, rest)),
    partials_left_out = num(sum(coverage_table$partial[coverage_table$wave == w & coverage_table$dimension == d &
                                                         coverage_table$group == c & coverage_table$left_out])),
    stringsAsFactors = FALSE)
}
comparisons <- do.call(rbind, rows)
# Benjamini-Hochberg over the family a reader can name: the table's rows of one wave.
comparisons$q_rest <- NA
for (w in waves) comparisons$q_rest[comparisons$wave == w] <- p.adjust(as.numeric(comparisons$p_rest[comparisons$wave == w]), "BH")
comparisons$q_rest <- num(comparisons$q_rest)
write_csv(comparisons, "expected-comparisons.csv")

# ---- B. trends -----------------------------------------------------------------
rows <- list()
for (c in c("All", communities)) for (d in dims) {
  s <- score_of[[d]]
  member <- if (c == "All") rep(TRUE, length(s)) else community == c
  now <- present(s[wave == "t2" & member])
  first <- present(s[wave == "t1" & member])
  rows[[length(rows) + 1]] <- data.frame(
    wave = "t2", community = c, dimension = d,
    score = num(mean(now)), first_score = num(mean(first)),
    change_first = num(mean(now) - mean(first)), p_first = num(welch_p(now, first)),
    stringsAsFactors = FALSE)
}
trends <- do.call(rbind, rows)
trends$q_first <- num(p.adjust(as.numeric(trends$p_first), "BH"))   # t2's changes: one family (All included)
write_csv(trends, "expected-trends.csv")

# ---- C. practices --------------------------------------------------------------
# A dimension target compares the respondents the dimension counts (scores of the others are NA
# above); 'happy' compares everyone who answered it. cophealth may also withhold a practices row by
# an exact check (PracticeCheck) that this script does not replicate; it withholds none of these 12
# at 95c4d2a, and the test requires every row shown.
chosen <- strsplit(P1, ";", fixed = TRUE)
d_max_diff <- 0; d_student_max_diff <- 0; ci_psych_max_diff <- 0
rows <- list()
for (w in waves) for (o in options) for (tg in targets) {
  # 'without' is everyone else with a score on the target: a blank practices answer reports none.
  in_wave <- wave == w
  has <- vapply(chosen, function(x) o %in% x, logical(1))
  s <- score_of[[tg]]
  with <- present(s[in_wave & has]); without <- present(s[in_wave & !has])
  n1 <- length(with); n2 <- length(without)
  difference <- mean(with) - mean(without)
  sd_pooled <- sqrt(((n1 - 1) * var(with) + (n2 - 1) * var(without)) / (n1 + n2 - 2))
  d <- difference / sd_pooled
  se <- sqrt((n1 + n2) / (n1 * n2) + d^2 / (2 * (n1 + n2)))
  ci <- d + c(-1, 1) * qnorm(0.975) * se
  # independent implementation: psych::cohen.d; its "hedges.g" is the difference over the
  # pooled sd with n1 + n2 - 2 (its "cohen.d" divides by n1 + n2), group 1 minus group 0
  cd <- psych::cohen.d(data.frame(y = c(with, without), g = rep(c(1, 0), c(n1, n2))), "g")
  d_psych <- unname(cd$hedges.g[1, "effect"])
  diff <- abs(d - d_psych)
  d_max_diff <- max(d_max_diff, diff)
  if (!(diff <= 1e-12)) stop(sprintf("Cohen's d mismatch %s/%s/%s: %.17g vs psych %.17g", w, o, tg, d, d_psych))
  ci_psych_max_diff <- max(ci_psych_max_diff, abs(ci - unname(cd$hedges.g[1, c("lower", "upper")])))
  # and the identity d = t * sqrt(1/n1 + 1/n2) with Student's (equal-variance) t
  t_student <- unname(t.test(with, without, var.equal = TRUE)$statistic)
  diff <- abs(d - t_student * sqrt(1 / n1 + 1 / n2))
  d_student_max_diff <- max(d_student_max_diff, diff)
  if (!(diff <= 1e-12)) stop(sprintf("Cohen's d vs Student t mismatch %s/%s/%s", w, o, tg))
  # The effect within communities: lm(score ~ practice + factor(community)) over the same people
  # (every study is shown here, so nobody falls in the "everyone else" group).
  fit_data <- data.frame(y = s[in_wave], x = as.numeric(has[in_wave]), g = factor(community[in_wave]))
  fit_data <- fit_data[!is.na(fit_data$y), ]
  fit <- summary(lm(y ~ x + g, data = fit_data))$coefficients["x", ]
  df_within <- nrow(fit_data) - length(unique(fit_data$g)) - 1
  ci_within <- fit[["Estimate"]] + c(-1, 1) * qt(0.975, df_within) * fit[["Std. Error"]]
  both <- sum(vapply(split(fit_data$x, fit_data$g), function(v) any(v == 1) && any(v == 0), logical(1)))
  rows[[length(rows) + 1]] <- data.frame(
    wave = w, practice = o, dimension = tg,
    within_difference = num(fit[["Estimate"]]), within_ci_low = num(ci_within[1]), within_ci_high = num(ci_within[2]),
    within_d = num(fit[["Estimate"]] / sd_pooled), within_p = num(fit[["Pr(>|t|)"]]), communities = num(both),
    with_n = num(n1), without_n = num(n2),
    with_mean = num(mean(with)), without_mean = num(mean(without)),
    difference = num(difference), cohens_d = num(d),
    d_ci_low = num(ci[1]), d_ci_high = num(ci[2]), p = num(welch_p(with, without)),
    stringsAsFactors = FALSE)
}
practices <- do.call(rbind, rows)
practices$q <- NA
practices$within_q <- NA
for (w in waves) {
  practices$q[practices$wave == w] <- p.adjust(as.numeric(practices$p[practices$wave == w]), "BH")
  practices$within_q[practices$wave == w] <- p.adjust(as.numeric(practices$within_p[practices$wave == w]), "BH")
}
practices$q <- num(practices$q)
practices$within_q <- num(practices$within_q)
write_csv(practices, "expected-practices.csv")
cat(sprintf("Cohen's d vs psych::cohen.d (hedges.g): max |difference| = %.3g over %d rows\n",
            d_max_diff, length(rows)))
cat(sprintf("Cohen's d vs Student t * sqrt(1/n1 + 1/n2): max |difference| = %.3g\n", d_student_max_diff))
cat(sprintf("d CI (normal approximation) vs psych's noncentral-t CI: max |difference| = %.3g\n",
            ci_psych_max_diff))

# ---- D. drivers ----------------------------------------------------------------
happy <- as.numeric(msq$happy)
r_max_diff <- 0; r_ci_max_diff <- 0
rows <- list()
for (w in waves) {
  groups <- c("All", communities[vapply(communities, function(c) sum(wave == w & community == c) >= 30, logical(1))])
  for (g in groups) {
    idx <- if (g == "All") which(wave == w) else which(wave == w & community == g)
    for (it in items) {
      x <- keyed[[it]][idx]; y <- happy[idx]
      r <- cor(x, y, use = "pairwise.complete.obs")
      ct <- cor.test(x, y)
      n <- sum(!is.na(x) & !is.na(y))
      stopifnot(abs(r - unname(ct$estimate)) <= 1e-12)
      ctp <- psych::corr.test(x, y, adjust = "none")
      r_max_diff <- max(r_max_diff, abs(r - ctp$r))
      r_ci_max_diff <- max(r_ci_max_diff, abs(ct$conf.int - unlist(ctp$ci[1, c("lower", "upper")])))
      stopifnot(ctp$n == n)
      rows[[length(rows) + 1]] <- data.frame(
        wave = w, community = g, question = it,
        r = num(r), r_ci_low = num(ct$conf.int[1]), r_ci_high = num(ct$conf.int[2]), n = num(n),
        stringsAsFactors = FALSE)
    }
  }
}
if (!(r_max_diff <= 1e-12 && r_ci_max_diff <= 1e-12)) stop("r or its CI differs from psych::corr.test")
write_csv(do.call(rbind, rows), "expected-drivers.csv")
cat(sprintf("r and Fisher-z CI vs psych::corr.test: max |difference| = %.3g (r), %.3g (CI) over %d rows\n",
            r_max_diff, r_ci_max_diff, length(rows)))

# ---- E. shares -----------------------------------------------------------------
rows <- list()
for (w in waves) for (c in communities) for (o in options) {
  idx <- which(wave == w & community == c & P1 != "")
  reporting <- sum(vapply(chosen[idx], function(x) o %in% x, logical(1)))
  rows[[length(rows) + 1]] <- data.frame(
    wave = w, community = c, practice = o,
    answered = num(length(idx)), reporting = num(reporting),
    share = num(100 * reporting / length(idx)), stringsAsFactors = FALSE)
}
write_csv(do.call(rbind, rows), "expected-shares.csv")

print(table(community, wave))
print(table(wave, P1 = ifelse(P1 == "", "(empty)", P1)))
cat(R.version.string, "| psych", as.character(packageVersion("psych")),
    "| psychTools", as.character(packageVersion("psychTools")), "\n")

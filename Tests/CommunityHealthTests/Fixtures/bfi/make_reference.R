# make_reference.R
#
# Builds an independent reference fixture for cophealth from the public
# psychTools::bfi data set (2800 respondents, 25 Big Five items, Revelle):
#   survey.json                 survey definition (25 items, 5 dimensions, reverse keys from psych's bfi.keys)
#   responses/bfi.csv           canonical responses (respondent, wave, community, A1..O5)
#   expected-scores.csv         per wave x community x dimension: n, mean, sd, score, favorable,
#                               95% t CI, Cronbach alpha (psych::alpha, cross-checked by hand), change, Welch p,
#                               over the respondents the coverage rule counts (alpha: over all rows)
#   expected-items.csv          per wave x community x item: answers, raw mean, favorable/neutral/unfavorable %,
#                               over the answers of the respondents the coverage rule counts
#   expected-t.csv              pt(x, df) reference values
#   expected-t-quantiles.csv    qt(p, df) reference values
# "wave" is gender (1 -> w1 male, 2 -> w2 female) so that a Welch two-sample test can be
# checked on real data; "community" is education (k -> eduk, NA -> empty cell).
#
# Run (from this folder):   Rscript make_reference.R
# Debian packages:          apt-get install -y r-base-core r-cran-psych r-cran-psychtools
# Deterministic: no random numbers are used (psych::alpha is run without bootstrap).

suppressPackageStartupMessages({
  library(psych)
  library(psychTools)
})

data(bfi, package = "psychTools", envir = environment())
data(bfi.dictionary, package = "psychTools", envir = environment())
stopifnot(nrow(bfi) == 2800)

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

# ---- survey definition -------------------------------------------------------
dim_map <- c(agree = "agreeableness", conscientious = "conscientiousness",
             extraversion = "extraversion", neuroticism = "neuroticism",
             openness = "openness")
dim_titles <- c(agreeableness = "Agreeableness", conscientiousness = "Conscientiousness",
                extraversion = "Extraversion", neuroticism = "Neuroticism",
                openness = "Openness")
keys <- psychTools::bfi.keys
stopifnot(identical(names(keys), names(dim_map)))
items <- character(); item_dim <- character(); item_rev <- logical()
for (k in names(keys)) {
  for (it in keys[[k]]) {
    rev <- startsWith(it, "-")
    items <- c(items, sub("^-", "", it))
    item_dim <- c(item_dim, dim_map[[k]])
    item_rev <- c(item_rev, rev)
  }
}
names(item_dim) <- items; names(item_rev) <- items
stopifnot(identical(items, names(bfi)[1:25]))
stopifnot(identical(sort(items[item_rev]), sort(c("A1", "C4", "C5", "E1", "E2", "O2", "O5"))))
dims <- unname(dim_map)
item_text <- as.character(bfi.dictionary[items, "Item"])
stopifnot(!anyNA(item_text))

json_str <- function(s) {
  s <- gsub("\\", "\\\\", s, fixed = TRUE)
  s <- gsub("\"", "\\\"", s, fixed = TRUE)
  paste0("\"", s, "\"")
}
labels <- c("Very Inaccurate", "Moderately Inaccurate", "Slightly Inaccurate",
            "Slightly Accurate", "Moderately Accurate", "Very Accurate")
json <- c(
  "{",
  "  \"id\": \"bfi\",",
  "  \"title\": \"Big Five Inventory (psychTools::bfi)\",",
  "  \"groupBy\": \"community\",",
  "  \"period\": { \"column\": \"wave\" },",
  "  \"minimumGroupSize\": 5,",
  paste0("  \"scales\": { \"agree6\": { \"min\": 1, \"max\": 6, \"labels\": [",
         paste(json_str(labels), collapse = ", "), "] } },"),
  "  \"dimensions\": [",
  paste0("    { \"id\": ", json_str(dims), ", \"title\": ", json_str(dim_titles[dims]), " }",
         c(rep(",", length(dims) - 1), "")),
  "  ],",
  "  \"questions\": [",
  paste0("    { \"id\": ", json_str(items), ", \"text\": ", json_str(item_text),
         ", \"scale\": \"agree6\", \"dimension\": ", json_str(item_dim),
         ", \"reverse\": ", ifelse(item_rev, "true", "false"), " }",
         c(rep(",", length(items) - 1), "")),
  "  ]",
  "}"
)
con <- file("survey.json", open = "wb"); writeLines(enc2utf8(json), con, sep = "\n"); close(con)

# ---- responses ---------------------------------------------------------------
stopifnot(all(bfi$gender %in% c(1, 2)))
wave <- ifelse(bfi$gender == 1, "w1", "w2")
community <- ifelse(is.na(bfi$education), "", paste0("edu", bfi$education))
resp <- data.frame(respondent = rownames(bfi), wave = wave, community = community,
                   stringsAsFactors = FALSE)
for (it in items) resp[[it]] <- ifelse(is.na(bfi[[it]]), "", as.character(bfi[[it]]))
write_csv(resp, file.path("responses", "bfi.csv"))

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

# ---- expected values ---------------------------------------------------------
raw <- bfi[, items]
keyed <- raw
for (it in items[item_rev]) keyed[[it]] <- 7 - raw[[it]]

waves <- c("w1", "w2")
communities <- c("All", paste0("edu", 1:5))
rows_of <- function(w, c) {
  if (c == "All") which(wave == w) else which(wave == w & community == c)
}

minimum <- 5                                   # survey.json minimumGroupSize
counted_of <- list()                           # per dimension: does the row count in its figures?
coverage_rows <- list()
for (d in dims) {
  counted_of[[d]] <- rep(FALSE, nrow(raw))
  for (w in waves) {
    idx <- which(wave == w)
    answered <- rowSums(!is.na(raw[idx, items[item_dim == d], drop = FALSE]))
    cov <- coverage_rule(community[idx], answered, sum(item_dim == d), minimum)
    # every group of this fixture keeps its figures; the test expects each one shown
    if (!all(paste0("edu", 1:5) %in% cov$shown)) stop(sprintf("%s %s: a group is withheld", w, d))
    counted_of[[d]][idx] <- cov$counted
    coverage_rows[[length(coverage_rows) + 1]] <- cbind(wave = w, dimension = d, cov$counts)
  }
}
coverage_table <- do.call(rbind, coverage_rows)
# rows of a group whose answers dimension d's figures count
counted_rows <- function(w, c, d) { idx <- rows_of(w, c); idx[counted_of[[d]][idx]] }
partials_left_out <- function(w, c, d) {
  idx <- rows_of(w, c)
  answered <- rowSums(!is.na(raw[idx, items[item_dim == d], drop = FALSE]))
  sum(answered > 0 & !counted_of[[d]][idx])
}
dim_scores <- function(idx, d) {
  its <- items[item_dim == d]
  s <- rowMeans(keyed[idx, its, drop = FALSE], na.rm = TRUE)
  s[!is.nan(s)]
}
to_score <- function(m) (m - 1) / 5 * 100

alpha_max_diff <- 0; alpha_differs <- 0
score_rows <- list()
for (w in waves) for (c in communities) {
  idx <- rows_of(w, c)
  for (d in dims) {
    its <- items[item_dim == d]
    kd <- keyed[idx, its, drop = FALSE]             # alpha: every row of the group
    counted <- counted_rows(w, c, d)                # everything else: the counted respondents
    s <- dim_scores(counted, d)
    m <- mean(s)
    vals <- unlist(keyed[counted, its, drop = FALSE], use.names = FALSE); vals <- vals[!is.na(vals)]
    ci <- t.test(s)$conf.int
    a_psych <- suppressWarnings(suppressMessages(
      psych::alpha(kd, check.keys = FALSE)$total$raw_alpha))
    C <- cov(kd, use = "pairwise")
    k <- ncol(kd)
    a_hand <- (1 - sum(diag(C)) / sum(C)) * k / (k - 1)
    diff <- abs(a_psych - a_hand)
    alpha_max_diff <- max(alpha_max_diff, diff)
    if (!(diff <= 1e-10)) stop(sprintf("alpha mismatch %s/%s/%s: psych %.17g hand %.17g", w, c, d, a_psych, a_hand))
    # alpha stays over every row of the group; where partial answerers are left out, alpha over
    # the counted rows only would differ, so the test tells the two apart
    a_counted <- suppressWarnings(suppressMessages(
      psych::alpha(keyed[counted_rows(w, c, d), its, drop = FALSE], check.keys = FALSE)$total$raw_alpha))
    if (abs(a_counted - a_psych) > 1e-10) alpha_differs <- alpha_differs + 1
    change <- NA; change_p <- NA
    if (w == "w2") {
      s1 <- dim_scores(counted_rows("w1", c, d), d)
      change <- to_score(m) - to_score(mean(s1))
      change_p <- t.test(s, s1, var.equal = FALSE)$p.value
    }
    score_rows[[length(score_rows) + 1]] <- data.frame(
      wave = w, community = c, dimension = d,
      respondents = num(length(s)), mean = num(m), sd = num(sd(s)), score = num(to_score(m)),
      favorable = num(100 * sum(vals >= 4) / length(vals)),
      ci_low = num(ci[1]), ci_high = num(ci[2]), alpha = num(a_psych),
      change = num(change), change_p = num(change_p),
      partials_left_out = num(partials_left_out(w, c, d)), stringsAsFactors = FALSE)
  }
}
write_csv(do.call(rbind, score_rows), "expected-scores.csv")
cat(sprintf("psych::alpha vs hand formula: max |difference| = %.3g over %d groups\n",
            alpha_max_diff, length(score_rows)))
cat(sprintf("alpha over every row (as written) differs from alpha over the counted rows in %d groups\n",
            alpha_differs))
left <- coverage_table[coverage_table$left_out, ]
cat(sprintf("partial answerers left out in %d of %d wave x group x dimension cells (%d respondents):\n",
            nrow(left), nrow(coverage_table), sum(left$partial)))
print(left, row.names = FALSE)

item_rows <- list()
for (w in waves) for (c in communities) {
  for (it in items) {
    idx <- counted_rows(w, c, item_dim[[it]])      # every item of this fixture is in a dimension
    r <- raw[idx, it]; r <- r[!is.na(r)]
    kk <- keyed[idx, it]; kk <- kk[!is.na(kk)]
    n <- length(r)
    item_rows[[length(item_rows) + 1]] <- data.frame(
      wave = w, community = c, question = it, dimension = item_dim[[it]],
      answers = num(n), mean = num(mean(r)),
      favorable = num(100 * sum(kk >= 4) / n), neutral = num(0),
      unfavorable = num(100 * sum(kk <= 3) / n), stringsAsFactors = FALSE)
  }
}
write_csv(do.call(rbind, item_rows), "expected-items.csv")

# ---- Student t distribution --------------------------------------------------
dfs <- c(1, 2, 3, 5, 10, 29.5, 100, 1000)
xs <- c(-3, -1.5, 0, 0.5, 1.96, 4)
ps <- c(0.025, 0.5, 0.9, 0.975, 0.995)
g <- expand.grid(x = xs, df = dfs)
write_csv(data.frame(df = num(g$df), x = num(g$x), cdf = num(pt(g$x, g$df), 17)),
          "expected-t.csv")
g <- expand.grid(p = ps, df = dfs)
write_csv(data.frame(df = num(g$df), p = num(g$p), quantile = num(qt(g$p, g$df), 17)),
          "expected-t-quantiles.csv")

cat(R.version.string, "| psych", as.character(packageVersion("psych")),
    "| psychTools", as.character(packageVersion("psychTools")), "\n")

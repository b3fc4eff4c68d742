# make_reference.R
#
# Independent reference for the four per-question columns of the bundled sample's
# Reports/cop-health/items.csv: score, change, change_p, change_q (plus answers, as a check of
# whom each row counts).
#
#   score     mean of the counted answers after reverse keying, on 0-100:
#             (x - min)/(max - min)*100, or (max - x)/(max - min)*100 for "reverse": true
#   change    score minus the same group's (same community, or All) score for the same question in
#             its latest earlier wave where that row is shown; empty when there is none
#   change_p  two-sided Welch t-test (t.test(var.equal = FALSE)) between the keyed answers of the
#             two waves (each wave's counted respondents)
#   change_q  p.adjust(method = "BH") over every row of the same wave with a change_p
#             (All and communities together)
#
# Whom a row counts follows the coverage rule of docs/privacy.md (copied below from
# Fixtures/bfi/make_reference.R, written from the rule's statement, not from the Swift code), per
# wave, for each dimension and for each scale question outside the dimensions (as a one-question
# "dimension": nobody is partial, and the rest outside the shown communities counts in All only if
# at least minimumGroupSize of it answered).
# Which rows are shown is taken from items.csv's `suppressed` column (privacy decisions are tested
# elsewhere); the rule's own "shown" decision is compared with it and reported.
#
# Run (from this folder):   Rscript make_reference.R
# Needs:                    R with jsonlite (Debian: apt-get install -y r-cran-jsonlite)
# Writes:                   expected-item-changes.csv; prints the comparison with items.csv.
# Deterministic: no random numbers.

suppressPackageStartupMessages(library(jsonlite))

survey_dir <- file.path("..", "..", "..", "..", "Surveys", "cop-health")
items_csv <- file.path("..", "..", "..", "..", "Reports", "cop-health", "items.csv")

survey <- fromJSON(file.path(survey_dir, "survey.json"), simplifyVector = FALSE)
m <- survey$minimumGroupSize
waves <- unlist(survey$waves)
stopifnot(identical(waves, c("2025-H1", "2025-H2", "2026-H1", "2026-H2")))

# ---- scale questions -----------------------------------------------------------
qs <- Filter(function(q) !is.null(q$scale), survey$questions)
q_id <- vapply(qs, function(q) q$id, "")
q_dim <- vapply(qs, function(q) if (is.null(q$dimension)) NA_character_ else q$dimension, "")
q_rev <- vapply(qs, function(q) isTRUE(q$reverse), TRUE)
q_min <- vapply(qs, function(q) as.numeric(survey$scales[[q$scale]]$min), 0)
q_max <- vapply(qs, function(q) as.numeric(survey$scales[[q$scale]]$max), 0)
names(q_dim) <- names(q_rev) <- names(q_min) <- names(q_max) <- q_id

# ---- responses -------------------------------------------------------------------
files <- sort(list.files(file.path(survey_dir, "responses"), pattern = "\\.csv$", full.names = TRUE))
resp <- do.call(rbind, lapply(files, function(f) {
  d <- read.csv(f, colClasses = "character", na.strings = character(), check.names = FALSE,
                encoding = "UTF-8")
  stopifnot(all(d$wave == sub("\\.csv$", "", basename(f))))
  d[, c("respondent", "community", "wave", q_id)]
}))
stopifnot(!anyDuplicated(paste(resp$wave, resp$respondent)))
stopifnot(all(resp$wave %in% waves))
raw <- sapply(q_id, function(q) {
  x <- trimws(resp[[q]])
  v <- suppressWarnings(as.numeric(ifelse(x == "", NA, x)))
  if (any(x != "" & is.na(v))) stop("non-numeric answer to ", q)
  if (any(!is.na(v) & (v < q_min[[q]] | v > q_max[[q]] | v != round(v)))) stop("answer out of range: ", q)
  v
})
keyed <- raw
for (q in q_id) {
  keyed[, q] <- if (q_rev[[q]]) (q_max[[q]] - raw[, q]) / (q_max[[q]] - q_min[[q]]) * 100
                else (raw[, q] - q_min[[q]]) / (q_max[[q]] - q_min[[q]]) * 100
}

# ---- coverage rule (docs/privacy.md; copied from Fixtures/bfi/make_reference.R) -------------
#  1. Among the wave's respondents with at least one answered item of the dimension, "complete"
#     answered all of its items and "partial" some but not all. Rows without a community are one
#     more group ("none").
#  2. A group's partial answerers are left out when partial > 0 and (partial < m or complete < m).
#  3. counted = complete + partial (unless left out). A community is shown when counted >= m.
#  4. The rest = every group not shown ("none" included). If the rest's partial answerers not left
#     out in 2 number 1 to m - 1, all of the rest's partial answerers are left out. If the rest then
#     counts 1 to m - 1 people, all of them are left out (All counts the shown communities only).
#  5. Every figure counts the counted respondents only: a shown community's own, All's = every
#     counted respondent of the wave.
community_order <- function(x) x[order(tolower(x), x, method = "radix")]
coverage_rule <- function(community, answered, n_items, m) {
  named <- community_order(unique(community[community != ""]))
  groups <- c(named, if (any(community == "")) NA_character_)
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
  list(shown = groups[shown],
       counted = answered > 0 & (is_complete | !left_out[g]) & !everyone_out[g])
}

# units of the rule: each dimension, and each scale question outside the dimensions
units <- c(as.list(split(q_id[!is.na(q_dim)], q_dim[!is.na(q_dim)])),
           setNames(as.list(q_id[is.na(q_dim)]), q_id[is.na(q_dim)]))
unit_of <- setNames(ifelse(is.na(q_dim), q_id, q_dim), q_id)
counted <- matrix(FALSE, nrow(resp), length(units), dimnames = list(NULL, names(units)))
rule_shown <- list()                   # wave -> unit -> communities shown by the rule
for (w in waves) {
  idx <- which(resp$wave == w)
  rule_shown[[w]] <- list()
  for (u in names(units)) {
    its <- units[[u]]
    answered <- rowSums(!is.na(raw[idx, its, drop = FALSE]))
    cov <- coverage_rule(resp$community[idx], answered, length(its), m)
    counted[idx, u] <- cov$counted
    rule_shown[[w]][[u]] <- cov$shown
  }
}
excluded_outside <- sum(sapply(names(units)[!names(units) %in% q_dim], function(u) {
  its <- units[[u]]; sum(rowSums(!is.na(raw[, its, drop = FALSE])) > 0 & !counted[, u])
}))

# keyed answers a row counts
answers_of <- function(w, c, q) {
  sel <- resp$wave == w & counted[, unit_of[[q]]] & !is.na(keyed[, q])
  if (c != "All") sel <- sel & resp$community == c
  keyed[sel, q]
}

# ---- items.csv rows ------------------------------------------------------------
items <- read.csv(items_csv, colClasses = "character", na.strings = character(), check.names = FALSE,
                  encoding = "UTF-8")
stopifnot(all(items$question %in% q_id), all(items$suppressed %in% c("true", "false")))
shown <- items$suppressed == "false"

# the rule's shown decision vs items.csv (information only)
rule_says <- mapply(function(w, c, q) c == "All" || c %in% rule_shown[[w]][[unit_of[[q]]]],
                    items$wave, items$community, items$question)
shown_disagree <- which(rule_says != shown)

key <- paste(items$wave, items$community, items$question, sep = "\r")
out <- items[shown, c("wave", "community", "question")]
n <- nrow(out)
out$answers <- NA_real_; out$score <- NA_real_; out$change <- NA_real_
out$change_p <- NA_real_; out$change_q <- NA_real_
for (i in seq_len(n)) {
  w <- out$wave[i]; c <- out$community[i]; q <- out$question[i]
  x <- answers_of(w, c, q)
  out$answers[i] <- length(x)
  out$score[i] <- mean(x)
  earlier <- rev(waves[seq_len(match(w, waves) - 1)])
  for (e in earlier) {
    j <- match(paste(e, c, q, sep = "\r"), key)
    if (!is.na(j) && shown[j]) {
      y <- answers_of(e, c, q)
      out$change[i] <- mean(x) - mean(y)
      out$change_p[i] <- t.test(x, y, var.equal = FALSE)$p.value
      break
    }
  }
}
for (w in waves) {
  sel <- out$wave == w & !is.na(out$change_p)
  out$change_q[sel] <- p.adjust(out$change_p[sel], method = "BH")
}

num <- function(x) ifelse(is.na(x), "", sprintf("%.15g", x))
csv_field <- function(s) ifelse(grepl("[\",\r\n]", s), paste0("\"", gsub("\"", "\"\"", s), "\""), s)
lines <- c("wave,community,question,answers,score,change,change_p,change_q",
           paste(csv_field(out$wave), csv_field(out$community), csv_field(out$question),
                 num(out$answers), num(out$score), num(out$change), num(out$change_p),
                 num(out$change_q), sep = ","))
con <- file("expected-item-changes.csv", open = "wb")
writeLines(enc2utf8(lines), con, sep = "\n", useBytes = TRUE)
close(con)

# ---- comparison with items.csv ---------------------------------------------------
rep_ <- items[shown, ]
as_num <- function(s) suppressWarnings(as.numeric(ifelse(s == "", NA, s)))
cat(R.version.string, "\n")
cat(sprintf("rows compared (shown scale-question rows): %d of %d in items.csv\n", n, nrow(items)))
cat(sprintf("rule's shown decision disagrees with items.csv on %d rows\n", length(shown_disagree)))
if (length(shown_disagree)) print(items[shown_disagree, c("wave", "community", "question", "suppressed")])
cat(sprintf("respondents left out of questions outside dimensions (O1, R1) by the rule: %d\n",
            excluded_outside))
bad_n <- which(as_num(rep_$answers) != out$answers)
cat(sprintf("answers mismatches: %d\n", length(bad_n)))
if (length(bad_n)) print(cbind(out[bad_n, 1:4], items_answers = rep_$answers[bad_n]))
# items.csv rounds exact halves away from zero (65.625 -> 65.63, -9.375 -> -9.38); R's round()
# takes the even neighbour for exactly representable halves (65.625 -> 65.62). Compare with the
# former, and count the exact halves where the two conventions differ.
round_away <- function(x, d) sign(x) * floor(abs(x) * 10^d + 0.5) / 10^d
tol <- c(score = 0.005, change = 0.005, change_p = 0.00005, change_q = 0.00005)
digits <- c(score = 2, change = 2, change_p = 4, change_q = 4)
for (col in names(tol)) {
  mine <- out[[col]]; theirs <- as_num(rep_[[col]])
  presence <- which(is.na(mine) != is.na(theirs))
  both <- !is.na(mine) & !is.na(theirs)
  d_round <- abs(round_away(mine, digits[[col]]) - theirs)
  ties <- sum(both & abs(round(mine, digits[[col]]) - round_away(mine, digits[[col]])) > 1e-12)
  d_raw <- abs(mine - theirs)
  cat(sprintf("%-8s: %3d values; empty in one only: %d; max |round(mine) - items| = %.3g (exact halves where R's round() differs: %d); max |mine - items| = %.3g; beyond tolerance %g: %d\n",
              col, sum(both), length(presence), max(c(0, d_round[both])), ties, max(c(0, d_raw[both])),
              tol[[col]], sum(d_raw[both] > tol[[col]] + 1e-12)))
  for (i in c(presence, which(both & d_raw > tol[[col]] + 1e-12)))
    cat(sprintf("   %s | %s | %s: mine %s, items.csv %s\n", out$wave[i], out$community[i],
                out$question[i], num(mine[i]), rep_[[col]][i]))
}

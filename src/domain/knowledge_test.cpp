#include "domain/knowledge.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <random>
#include <set>

#include "domain/agents.hpp"
#include "domain/test_db.hpp"
#include "store/knowledge_queries.hpp"

// Knowledge bases: ingesting, chunking, BM25 search over each base's own statistics, deleting,
// limits and bad input; on both engines, and the two engines' rankings side by side.
namespace agentry::knowledge {
namespace {

Base base(const std::string& agent_id) {
  return {.kind = Base::Kind::agent, .id = agent_id};
}

Draft text(std::string content, std::optional<std::string> title = std::nullopt) {
  return {.content = std::move(content), .title = std::move(title)};
}

class KnowledgeTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    if (IsSkipped()) return;
    add_account("acc_a");
    add_account("acc_b");
    agent_ = new_agent("librarian");
  }

  std::string new_agent(const std::string& name) {
    return t_
        .write([&](store::Tx& tx) {
          return agents::create(tx, "acc_a", {.name = name, .model = "echo"}, 2);
        })
        ->id;
  }

  Result<std::vector<store::KnowledgeEntryRecord>> add(std::vector<Draft> drafts,
                                                       const plans::Plan* plan = nullptr,
                                                       const std::string& agent = "") {
    return t_.write([&](store::Tx& tx) {
      return ingest(tx, "acc_a", base(agent.empty() ? agent_ : agent), drafts, drafts.size() > 1,
                    plan, 100);
    });
  }
  Result<Results> find(const std::string& q, std::int64_t limit = 10,
                       store::MetadataPairs filter = {}) {
    return t_.read([&](store::Tx& tx) {
      return search(tx, "acc_a", base(agent_),
                    {.text = q, .limit = limit, .filter = std::move(filter)});
    });
  }
  std::vector<std::string> titles(const Results& r) {
    std::vector<std::string> out;
    for (const Hit& h : r.hits) out.push_back(h.chunk.title.value_or(""));
    return out;
  }

  std::string agent_;
};

TEST_P(KnowledgeTest, AnEntryIsChunkedAlongItsHeadingsAndKeptWhole) {
  const std::string doc =
      "# Install\n\nRun the installer.\n\n## Debian\n\nUse apt-get install agentry.\n\n"
      "# Configure\n\nSet the port.\n";
  auto added = add({{.content = doc,
                     .title = "Guide",
                     .source = "docs/guide.md",
                     .metadata = R"({"lang":"en"})",
                     .pairs = {{"lang", "en"}}}});
  ASSERT_TRUE(added) << added.error().message;
  ASSERT_EQ(added->size(), 1U);
  const auto& e = added->front();
  EXPECT_EQ(e.chunks, 3);
  EXPECT_EQ(e.bytes, static_cast<std::int64_t>(doc.size()));
  auto got = t_.read([&](store::Tx& tx) { return get(tx, "acc_a", base(agent_), e.id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->entry.content, doc);
  EXPECT_EQ(got->entry.metadata, R"({"lang":"en"})");
  ASSERT_EQ(got->chunks.size(), 3U);
  EXPECT_EQ(got->chunks[1].heading, "Install › Debian");
  EXPECT_EQ(got->chunks[1].seq, 1);
  auto listed = t_.read([&](store::Tx& tx) { return list(tx, "acc_a", base(agent_), {}); });
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->total, 1);
  EXPECT_EQ(listed->items.front().content, "") << "lists leave the content out";
}

TEST_P(KnowledgeTest, SearchMatchesAnyWordAndRanksByBm25) {
  ASSERT_TRUE(add({text("Retries of webhook deliveries back off exponentially.", "retries"),
                   text("A webhook endpoint is disabled after five days of failures.", "disable"),
                   text("Schedules fire runs on a cron expression.", "schedules"),
                   text("Webhook webhook webhook: signing with HMAC.", "signing")}));
  auto r = find("How are webhook retries scheduled?");
  ASSERT_TRUE(r) << r.error().message;
  // "retries" is in one chunk: rarer than "webhook" (three), so it weighs most; "scheduled"
  // stems to "schedul" as "Schedules" does.
  ASSERT_EQ(titles(*r), (std::vector<std::string>{"retries", "schedules", "signing", "disable"}));
  EXPECT_EQ(r->terms, (std::vector<std::string>{"webhook", "retri", "schedul"}));
  EXPECT_EQ(r->hits[0].snippet,
            "<mark>Retries</mark> of <mark>webhook</mark> deliveries back off exponentially.");
  for (std::size_t i = 1; i < r->hits.size(); ++i) {
    EXPECT_GT(r->hits[i - 1].score, r->hits[i].score);
  }
  EXPECT_TRUE(find("what is it?")->hits.empty()) << "only stop words";
  EXPECT_TRUE(find("kubernetes")->hits.empty());
  EXPECT_EQ(find("webhook", 2)->hits.size(), 2U);
}

// The score is BM25 as documented, from the statistics of this base alone.
TEST_P(KnowledgeTest, TheScoreIsBm25OverTheBaseAlone) {
  ASSERT_TRUE(add({text("alpha beta"), text("alpha gamma gamma delta"), text("epsilon")}));
  // Another agent's base with many "alpha" chunks must not change this base's idf.
  const std::string other = new_agent("other");
  ASSERT_TRUE(add({text("alpha"), text("alpha alpha"), text("alpha zeta")}, nullptr, other));
  auto r = find("gamma alpha");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->hits.size(), 2U);
  const double chunks = 3;
  const double average = (2 + 4 + 1) / chunks;
  auto idf = [&](double n) { return std::log(1 + (chunks - n + 0.5) / (n + 0.5)); };
  auto part = [&](double tf, double length, double n) {
    return idf(n) * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / average));
  };
  EXPECT_NEAR(r->hits[0].score, part(2, 4, 1) + part(1, 4, 2), 1e-9);
  EXPECT_NEAR(r->hits[1].score, part(1, 2, 2), 1e-9);
}

TEST_P(KnowledgeTest, SearchStaysInTheAgentsBaseAndFiltersOnMetadata) {
  ASSERT_TRUE(add({{.content = "Refunds take five days.", .title = "en", .pairs = {{"lang", "en"}}},
                   {.content = "Refunds: cinq jours.", .title = "fr", .pairs = {{"lang", "fr"}}}}));
  const std::string other = new_agent("other");
  ASSERT_TRUE(add({text("Refunds are instant here.", "elsewhere")}, nullptr, other));
  EXPECT_EQ(titles(*find("refunds")), (std::vector<std::string>{"fr", "en"}));
  EXPECT_EQ(titles(*find("refunds", 10, {{"lang", "en"}})), (std::vector<std::string>{"en"}));
  EXPECT_TRUE(find("refunds", 10, {{"lang", "de"}})->hits.empty());
  EXPECT_TRUE(find("refunds", 10, {{"lang", "en"}, {"tier", "gold"}})->hits.empty());

  auto theirs = t_.read(
      [&](store::Tx& tx) { return search(tx, "acc_b", base(agent_), {.text = "refunds"}); });
  EXPECT_EQ(theirs.error().code, Errc::not_found);
  auto listed = t_.read([&](store::Tx& tx) { return list(tx, "acc_b", base(agent_), {}); });
  EXPECT_EQ(listed.error().code, Errc::not_found);
}

TEST_P(KnowledgeTest, DeletingAnEntryTakesItOutOfSearchAndStatistics) {
  ASSERT_TRUE(add({text("cache invalidation is hard", "a"), text("naming things is hard", "b")}));
  const auto before = find("hard cache");
  auto extra = add({text("hard hard hard cache", "c")});
  ASSERT_TRUE(extra);
  EXPECT_EQ(find("hard cache")->hits.size(), 3U);
  ASSERT_TRUE(t_.write(
      [&](store::Tx& tx) { return remove(tx, "acc_a", base(agent_), extra->front().id); }));
  const auto after = find("hard cache");
  ASSERT_EQ(after->hits.size(), before->hits.size());
  for (std::size_t i = 0; i < after->hits.size(); ++i) {
    EXPECT_EQ(after->hits[i].chunk.id, before->hits[i].chunk.id);
    EXPECT_DOUBLE_EQ(after->hits[i].score, before->hits[i].score);
  }
  auto again =
      t_.write([&](store::Tx& tx) { return remove(tx, "acc_a", base(agent_), extra->front().id); });
  EXPECT_EQ(again.error().code, Errc::not_found);
}

TEST_P(KnowledgeTest, BadEntriesAreRefusedAndABatchIsAllOrNothing) {
  EXPECT_EQ(add({text("")}).error().field, "content");
  EXPECT_EQ(add({text(" \n\n ")}).error().field, "content");
  EXPECT_EQ(add({text(std::string("PK\x03\x04\x00\x01", 6))}).error().code, Errc::validation_error);
  EXPECT_EQ(add({text("\xC3\x28 bad")}).error().field, "content");
  auto big = add({text(std::string(max_entry_bytes + 1, 'x'))});
  EXPECT_EQ(big.error().code, Errc::payload_too_large);
  EXPECT_EQ(add({text("ok", std::string(max_title_chars + 1, 't'))}).error().field, "title");
  auto batch = add({text("fine"), text(std::string("\x01", 1))});
  EXPECT_EQ(batch.error().field, "entries[1].content");
  EXPECT_EQ(t_.read([&](store::Tx& tx) { return list(tx, "acc_a", base(agent_), {}); })->total, 0);
  EXPECT_EQ(add(std::vector<Draft>(max_batch + 1, text("x"))).error().field, "entries");
  EXPECT_EQ(find("").error().field, "query");
  EXPECT_EQ(find("x", 0).error().field, "limit");
  EXPECT_EQ(find("x", max_search_results + 1).error().field, "limit");
}

TEST_P(KnowledgeTest, ThePlanLimitsEntriesAndBytesAcrossTheAccount) {
  plans::Plan plan{
      .id = "tiny", .display_name = "Tiny", .max_knowledge_entries = 3, .max_knowledge_bytes = 30};
  ASSERT_TRUE(add({text("0123456789"), text("0123456789")}, &plan));
  const std::string other = new_agent("other");
  auto over_entries = add({text("1"), text("2")}, &plan, other);
  EXPECT_EQ(over_entries.error().code, Errc::limit_reached);
  auto over_bytes = add({text("0123456789X")}, &plan, other);
  EXPECT_EQ(over_bytes.error().code, Errc::limit_reached);
  EXPECT_TRUE(add({text("0123456789")}, &plan, other));
}

TEST_P(KnowledgeTest, DeletingTheAgentDeletesItsKnowledge) {
  ASSERT_TRUE(add({text("something to remember")}));
  ASSERT_TRUE(t_.write([&](store::Tx& tx) { return agents::remove(tx, "acc_a", agent_, 5); }));
  const auto totals =
      t_.read([&](store::Tx& tx) { return store::account_knowledge_totals(tx, "acc_a"); });
  EXPECT_EQ(totals.entries, 0);
  EXPECT_EQ(totals.bytes, 0);
}

// Hybrid search: chunks stored with vectors; a query's vector finds a chunk that shares no word
// with it, fused with BM25's ranking; the vectors go with their entry.
TEST_P(KnowledgeTest, AQueryVectorFusesCosineWithBm25) {
  auto prepared =
      prepare({text("Remove files or directories from the disk.", "rm"),
               text("Copy files and directories.", "cp"), text("Print the date and time.", "date")},
              true);
  ASSERT_TRUE(prepared);
  // Three orthogonal directions: each entry's one chunk gets its own.
  for (std::size_t i = 0; i < prepared->size(); ++i) {
    std::vector<float> v(3, 0.0F);
    v[i] = 1.0F;
    (*prepared)[i].chunks.front().vector = encode_vector(v);
  }
  auto added = t_.write([&](store::Tx& tx) {
    return ingest(tx, "acc_a", base(agent_), *prepared, "toy-embed", nullptr, 100);
  });
  ASSERT_TRUE(added) << added.error().message;
  auto hybrid = [&](const std::string& q, std::vector<float> v, std::string model = "toy-embed") {
    return t_.read([&](store::Tx& tx) {
      return search(tx, "acc_a", base(agent_),
                    {.text = q, .limit = 10, .embedding = {std::move(model), std::move(v)}});
    });
  };
  // "erase" is no word of any chunk: BM25 finds nothing, the vector finds rm's chunk.
  auto erase = hybrid("erase", {1, 0, 0});
  ASSERT_TRUE(erase);
  EXPECT_TRUE(erase->hybrid);
  EXPECT_TRUE(erase->terms.empty());
  ASSERT_FALSE(erase->hits.empty());
  EXPECT_EQ(erase->hits.front().chunk.title, "rm");
  EXPECT_NEAR(erase->hits.front().score, 1.0 / (rrf_k + 1), 1e-12);
  // "files" is in rm's and cp's chunks; the vector points at cp: cp is first in both rankings.
  auto files = hybrid("files", {0.1F, 0.99F, 0});
  ASSERT_TRUE(files);
  EXPECT_EQ(titles(*files).front(), "cp");
  EXPECT_NEAR(files->hits.front().score, 2.0 / (rrf_k + 1), 1e-12);
  // Vectors of another model are not compared: BM25 alone decides.
  auto other = hybrid("erase", {1, 0, 0}, "another-model");
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->hits.empty());
  const auto agent = t_.read([&](store::Tx& tx) { return *agents::load(tx, agent_); });
  EXPECT_TRUE(t_.read([&](store::Tx& tx) { return has_vectors(tx, agent, "toy-embed"); }));
  EXPECT_FALSE(t_.read([&](store::Tx& tx) { return has_vectors(tx, agent, "another-model"); }));
  // Deleting an entry deletes its vector: rm is no longer found by the vector.
  ASSERT_TRUE(t_.write(
      [&](store::Tx& tx) { return remove(tx, "acc_a", base(agent_), added->front().id); }));
  auto gone = hybrid("erase", {1, 0, 0});
  ASSERT_TRUE(gone);
  for (const Hit& h : gone->hits) EXPECT_NE(h.chunk.title, "rm");
}

TEST(KnowledgeSnippet, MarksTheMatchesInTheBestWindowAndEscapesTheRest) {
  EXPECT_EQ(snippet("a <b> & c", {"b"}), "a &lt;<mark>b</mark>&gt; &amp; c");
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "word" + std::to_string(i) + " ";
  long_text += "needle here.";
  const std::string s = snippet(long_text, {"needl"});
  EXPECT_EQ(s.substr(0, 3), "…");
  EXPECT_NE(s.find("<mark>needle</mark> here."), std::string::npos) << s;
  EXPECT_EQ(snippet("no match at all", {"zzz"}), "no match at all");
}

AGENTRY_ON_BOTH_ENGINES(KnowledgeTest);

// The same corpus and queries on both engines: the top 10 of each query agree. Prints the
// average overlap.
TEST(KnowledgeEngines, RankTheSameCorpusAlike) {
  testing::TestDatabase sqlite(testing::Engine::sqlite);
  testing::TestDatabase postgres;
  if (!postgres.open(testing::Engine::postgres)) GTEST_SKIP() << "AGENTRY_TEST_POSTGRES is not set";
  const std::vector<std::string> vocabulary = {
      "agent",  "run",      "queue",   "ledger",  "credit", "escrow", "task",   "webhook",
      "retry",  "schedule", "cron",    "secret",  "key",    "scope",  "plan",   "limit",
      "stream", "event",    "chat",    "session", "model",  "token",  "price",  "skill",
      "swarm",  "search",   "chunk",   "index",   "rank",   "score",  "cancel", "progress",
      "worker", "provider", "payload", "header",  "cache",  "commit", "backup", "restore"};
  std::mt19937 random(42);
  std::vector<Draft> corpus;
  for (int i = 0; i < 300; ++i) {
    std::string content;
    const int words = 5 + static_cast<int>(random() % 60);
    for (int w = 0; w < words; ++w) {
      // Zipf-like: early words are common, late ones rare.
      const auto pick = static_cast<std::size_t>(
          std::pow(static_cast<double>(random() % 10'000) / 10'000.0, 2.5) *
          static_cast<double>(vocabulary.size()));
      content += vocabulary[std::min(pick, vocabulary.size() - 1)] + " ";
    }
    corpus.push_back(text(content, std::to_string(i)));
  }
  std::array<std::vector<std::vector<std::string>>, 2> tops;
  const std::array<testing::TestDatabase*, 2> dbs = {&sqlite, &postgres};
  for (std::size_t e = 0; e < 2; ++e) {
    auto& db = *dbs[e];
    db.db().write_blocking([&](store::Tx& tx) {
      store::insert_account(tx, {"acc_a", "acc_a", std::nullopt, "pro", false, 1, 1});
    });
    const std::string agent =
        db.write([&](store::Tx& tx) {
            return agents::create(tx, "acc_a", {.name = "corpus", .model = "echo"}, 2);
          })->id;
    for (std::size_t at = 0; at < corpus.size(); at += max_batch) {
      std::vector<Draft> part(
          corpus.begin() + static_cast<std::ptrdiff_t>(at),
          corpus.begin() + static_cast<std::ptrdiff_t>(std::min(corpus.size(), at + max_batch)));
      ASSERT_TRUE(db.write([&](store::Tx& tx) {
        return ingest(tx, "acc_a", base(agent), part, true, nullptr, 100);
      }));
    }
    for (std::size_t q = 0; q < vocabulary.size(); q += 2) {
      const std::string query = vocabulary[q] + " " + vocabulary[vocabulary.size() - 1 - q] + " " +
                                vocabulary[(q * 7) % vocabulary.size()];
      auto r = db.read([&](store::Tx& tx) {
        return search(tx, "acc_a", base(agent), {.text = query, .limit = 10});
      });
      ASSERT_TRUE(r);
      std::vector<std::string> top;
      for (const Hit& h : r->hits) top.push_back(*h.chunk.title);
      tops[e].push_back(top);
    }
  }
  double overlap = 0;
  for (std::size_t q = 0; q < tops[0].size(); ++q) {
    const std::set<std::string> a(tops[0][q].begin(), tops[0][q].end());
    std::size_t shared = 0;
    for (const auto& t : tops[1][q]) shared += a.count(t);
    overlap +=
        static_cast<double>(shared) / static_cast<double>(std::max<std::size_t>(a.size(), 1));
  }
  overlap /= static_cast<double>(tops[0].size());
  std::printf("top-10 overlap of SQLite and PostgreSQL over %zu queries: %.3f\n", tops[0].size(),
              overlap);
  EXPECT_GE(overlap, 0.95);
}

}  // namespace
}  // namespace agentry::knowledge
